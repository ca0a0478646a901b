using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BatchInfer.Tests.EndToEnd;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.Host.Api;

/// <summary>A script starts a task with the input in the request body: upload, plan, start, over the real daemon's API.</summary>
[Collection(EndToEndGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InputsApiTests
{
    [Fact]
    public async Task UploadPlanStart_InputFromTheRequestBody_TaskCompletesWithEveryRecord()
    {
        using var work = new WorkDirectory("simulator", "lines_per_chunk: 40");
        using var daemon = BatchInferProcess.Start(work.Path, ["daemon", "run"]);
        var info = await DaemonWork.LiveDaemonAsync(work.Path);
        using var http = DaemonWork.Http(info, info.Token);
        var lines = File.ReadLines(TestPaths.Data("gsm8k.messages.jsonl")).Take(100).Append("not json").ToList();
        var body = string.Join('\n', lines) + "\n";

        var uploaded = await http.PutAsync("/api/inputs/from-script.jsonl", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        var again = await http.PutAsync("/api/inputs/from-script.jsonl", new StringContent("x\n"));
        var badName = await http.PutAsync("/api/inputs/..%2Fescape.jsonl", new StringContent("x\n"));

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        using var saved = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync());
        var path = saved.RootElement.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(work.Path, "inputs", "from-script.jsonl"), path);
        Assert.Equal(body, await File.ReadAllTextAsync(path));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(body, await File.ReadAllTextAsync(path));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.False(File.Exists(Path.Combine(work.Path, "escape.jsonl")));

        var config = new
        {
            model = new { domain = "e2e-model", password = "e2e-secret-password", max_tokens = 64, base_url = "simulator" },
            lines_per_chunk = 40,
            poll_interval_seconds = 0.2,
        };
        var planned = await http.PostAsJsonAsync("/api/tasks/plan", new { input_path = path, config });
        var refused = await http.PostAsJsonAsync("/api/tasks/plan", new { input_path = path, config = new { lines_per_chunk = 0 } });

        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        using var plan = JsonDocument.Parse(await planned.Content.ReadAsStringAsync());
        Assert.Equal(100, plan.RootElement.GetProperty("valid").GetInt64());
        Assert.Equal(1, plan.RootElement.GetProperty("invalid").GetInt64());
        Assert.Equal(3, plan.RootElement.GetProperty("chunks").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("lines_per_chunk", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var started = await http.PostAsJsonAsync("/api/tasks", new { task_id = "scripted", input_path = path, config });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var followed = await BatchInferProcess.RunAsync(work.Path, ["-monitor", "scripted", "--json"], DaemonWork.Generous);
        Assert.True(await Eventually.HoldsAsync(() => File.Exists(Path.Combine(work.Merged("scripted"), "summary.json")), DaemonWork.Generous, TimeSpan.FromMilliseconds(200)),
            "the task started over the API never finished: " + followed.Stdout);
        Assert.Equal(100, File.ReadLines(Path.Combine(work.Merged("scripted"), "output.jsonl")).Count());
        Assert.Single(File.ReadLines(Path.Combine(work.Merged("scripted"), "invalid_input.jsonl")));
    }
}
