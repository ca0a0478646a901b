using System.Net;
using System.Text.Json;
using BatchInfer.Host.Studio;
using BatchInfer.Tests.EndToEnd;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.Host.Api;

/// <summary>GET /api/records of the real daemon over loopback: a custom_id's record in every task that holds it, and how it ended.</summary>
[Collection(EndToEndGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the daemon's lock and file modes are Unix ones
public sealed class RecordsApiTests
{
    [Fact]
    public async Task Records_ByCustomId_EveryTaskNewestFirstWithChunkLineAndOutcome()
    {
        using var simulator = await SimulatorProcess.StartAsync("--permanent-error-rate", "0.2", "--seed", "1");
        using var work = new WorkDirectory(simulator.BaseUrl, "lines_per_chunk: 50");
        var input = DaemonWork.SmallInput(work, 200);
        foreach (var taskId in new[] { "older", "newer" })
        {
            var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, taskId), DaemonWork.Generous);
            Assert.True(code == 3, $"exit {code}\n{stdout}\n{stderr}");
        }
        var daemon = await DaemonWork.LiveDaemonAsync(work.Path);
        using var http = DaemonWork.Http(daemon, daemon.Token);
        var failedLine = File.ReadLines(Path.Combine(work.Merged("newer"), "error_retry0.jsonl")).First();
        var failure = ProviderLines.ReadFailure(failedLine);
        var failedLineNumber = long.Parse(failure.CustomId, System.Globalization.CultureInfo.InvariantCulture);

        var failed = await SearchAsync(http, failure.CustomId);
        var answered = await SearchAsync(http, "150");
        var limited = await SearchAsync(http, "150&limit=1");
        var absent = await SearchAsync(http, "1500");

        Assert.Equal(["newer", "older"], failed.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("task_id").GetString()));
        var hit = failed.GetProperty("hits")[0];
        Assert.Equal((0, (int)(failedLineNumber - 1) / 50, failedLineNumber, "failed", failure.Code, failure.Message),
            (hit.GetProperty("round").GetInt32(), hit.GetProperty("chunk").GetInt32(), hit.GetProperty("line").GetInt64(), hit.GetProperty("outcome").GetString(),
                hit.GetProperty("error_code").GetString(), hit.GetProperty("error_message").GetString()));
        Assert.Equal(2, answered.GetProperty("hits").GetArrayLength());
        Assert.All(answered.GetProperty("hits").EnumerateArray(), h => Assert.Equal((2, 150L, "answered"),
            (h.GetProperty("chunk").GetInt32(), h.GetProperty("line").GetInt64(), h.GetProperty("outcome").GetString())));
        Assert.False(answered.GetProperty("truncated").GetBoolean());
        Assert.Equal((1, true), (limited.GetProperty("hits").GetArrayLength(), limited.GetProperty("truncated").GetBoolean()));
        Assert.Equal((0, "1500"), (absent.GetProperty("hits").GetArrayLength(), absent.GetProperty("custom_id").GetString()));
        foreach (var bad in new[] { "/api/records", "/api/records?custom_id=", "/api/records?custom_id=1&limit=0", "/api/records?custom_id=1&limit=101" })
        {
            using var response = await http.GetAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static async Task<JsonElement> SearchAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync("/api/records?custom_id=" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
