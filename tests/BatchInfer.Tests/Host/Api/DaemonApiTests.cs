using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BatchInfer.Activities.State;
using BatchInfer.Host.Daemon;
using Microsoft.EntityFrameworkCore;
using BatchInfer.Tests.EndToEnd;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.Host.Api;

/// <summary>The HTTP API of the real daemon process: the token is required, documents are served, the password never comes back.</summary>
[Collection(EndToEndGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the daemon's lock and file modes are Unix ones
public sealed class DaemonApiTests
{
    private const string Password = "e2e-secret-password";

    public static TheoryData<string> Paths => ["/api/tasks", "/api/daemon", "/api/workflow", "/openapi/v1.json", "/api/tasks/nope", "/api/tasks/nope/events", "/api/records?custom_id=1"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Api_WithoutOrWithWrongToken_Returns401(string path)
    {
        using var work = new WorkDirectory("simulator");
        using var daemon = BatchInferProcess.Start(work.Path, ["daemon", "run"]);
        var info = await DaemonWork.LiveDaemonAsync(work.Path);

        using var anonymous = DaemonWork.Http(info, token: null);
        using var wrong = DaemonWork.Http(info, token: info.Token[..^1] + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/daemon/stop", null)).StatusCode);
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task Api_WithToken_ServesWorkflowOpenApiAndLockFileIsPrivate()
    {
        using var work = new WorkDirectory("simulator");
        using var daemon = BatchInferProcess.Start(work.Path, ["daemon", "run"]);
        var info = await DaemonWork.LiveDaemonAsync(work.Path);
        using var http = DaemonWork.Http(info, info.Token);

        var openApiText = await http.GetStringAsync("/openapi/v1.json");
        using var openApi = JsonDocument.Parse(openApiText);
        var paths = openApi.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/tasks", "/api/tasks/{id}", "/api/tasks/{id}/cancel", "/api/tasks/{id}/events", "/api/records", "/api/workflow", "/api/daemon", "/api/daemon/stop" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }
        var bearer = openApi.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.True(paths.GetProperty("/api/tasks").GetProperty("get").GetProperty("responses").TryGetProperty("401", out _), "the 401 of the token check is not documented");
        Assert.Contains("\"task_id\"", openApiText, StringComparison.Ordinal);
        Assert.DoesNotContain(info.Token, openApiText, StringComparison.Ordinal);
        using var workflow = JsonDocument.Parse(await http.GetStringAsync("/api/workflow"));
        var steps = workflow.RootElement.GetProperty("definitions").EnumerateArray()
            .ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("steps").EnumerateArray().Select(s => s.GetString()).ToList());
        Assert.Equal(["UploadChunk", "SubmitBatch", "PollBatch", "DownloadResults"], steps["batch-chunk"]);
        var unknown = await http.GetAsync("/api/tasks/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("task nope is not known", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DaemonLock.PathIn(work.Path)));
    }

    [Fact]
    public async Task Api_StartTaskWithInvalidConfig_Returns400ListingEveryProblemAndCreatesNothing()
    {
        using var work = new WorkDirectory("simulator");
        var input = DaemonWork.SmallInput(work, 10);
        using var daemon = BatchInferProcess.Start(work.Path, ["daemon", "run"]);
        var info = await DaemonWork.LiveDaemonAsync(work.Path);
        using var http = DaemonWork.Http(info, info.Token);
        var request = new
        {
            task_id = "bad",
            input_path = input,
            config = new
            {
                model = new { domain = "m", password = Password, max_tokens = 0, provider = "sprak", base_url = "simulator" },
                poll_interval_seconds = 0,
                max_retry_count = 21,
            },
        };

        var response = await http.PostAsJsonAsync("/api/tasks", request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString());
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["model.max_tokens"] = "must be at least 1, got 0",
                ["model.provider"] = "unknown provider \"sprak\", expected one of spark, openai, dashscope, azure; did you mean spark?",
                ["max_retry_count"] = "must be between 0 and 20, got 21",
                ["poll_interval_seconds"] = "must be at least 0.1, got 0",
            },
            errors);
        Assert.Contains("poll_interval_seconds: must be at least 0.1, got 0", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        Assert.Equal("[]", await http.GetStringAsync("/api/tasks"));
        Assert.False(Directory.Exists(work.Merged("bad")));
    }

    [Fact]
    public async Task Pipeline_TaskRun_PasswordNeitherInDatabaseNorLogNorApiButProtectedForResume()
    {
        using var work = new WorkDirectory("simulator");
        var input = DaemonWork.SmallInput(work, 500);

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "secret"), DaemonWork.Generous);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");

        var info = await DaemonWork.LiveDaemonAsync(work.Path);
        using var http = DaemonWork.Http(info, info.Token);
        var responses = new List<string>();
        foreach (var path in new[] { "/api/tasks", "/api/tasks/secret", "/api/tasks/secret/events", "/api/daemon", "/api/workflow", "/openapi/v1.json" })
        {
            responses.Add(await http.GetStringAsync(path));
        }
        Assert.Contains("\"task_id\":\"secret\"", responses[0], StringComparison.Ordinal);

        var files = Directory.EnumerateFiles(work.Path, "batch_infer*").ToList();
        Assert.Contains(files, f => f.EndsWith(".log", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        var secret = System.Text.Encoding.UTF8.GetBytes(Password);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"the password is in {Path.GetFileName(file)}");
        }
        Assert.All(responses.Append(stdout + stderr), text => Assert.DoesNotContain(Password, text, StringComparison.Ordinal));

        await using var db = new StateDatabase(Path.Combine(work.Path, StateDatabase.FileName)).CreateContext();
        var stored = await db.Tasks.SingleAsync(t => t.TaskId == "secret");
        Assert.False(string.IsNullOrEmpty(stored.ProtectedPassword));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.Combine(work.Path, ".batch_infer", "keys")));
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
