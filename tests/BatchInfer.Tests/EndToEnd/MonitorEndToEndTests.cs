using System.Text.Json;
using Xunit.Abstractions;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>-monitor against a running task in the real daemon: the documented JSON shape, and a plain-text snapshot when redirected.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class MonitorEndToEndTests(ITestOutputHelper output)
{
    private const int Records = 3000;
    private const int Chunks = 6;

    [Fact]
    public async Task Monitor_RunningTask_JsonAndRedirectedSnapshotsShowIt()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "20s");
        var (simulator, work, input) = provider;
        var started = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "watched"), "--detach"], DaemonWork.Generous);
        Assert.True(started.ExitCode == 0, started.Stdout + started.Stderr);
        Assert.True(await Eventually.HoldsAsync(() => DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated) == Chunks, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(50)),
            "the task's batches were never created");

        var json = await BatchInferProcess.RunAsync(work.Path, ["-monitor", "watched", "--json"], DaemonWork.Generous);
        var text = await BatchInferProcess.RunAsync(work.Path, ["-monitor", "watched"], DaemonWork.Generous);
        var list = await BatchInferProcess.RunAsync(work.Path, ["-monitor"], DaemonWork.Generous);
        var listJson = await BatchInferProcess.RunAsync(work.Path, ["-monitor", "--json"], DaemonWork.Generous);
        output.WriteLine($"-monitor watched (redirected):\n{text.Stdout}\n-monitor:\n{list.Stdout}\n-monitor watched --json:\n{json.Stdout}");

        Assert.True(json.ExitCode == 0, json.Stdout + json.Stderr);
        using var detail = JsonDocument.Parse(json.Stdout);
        var summary = detail.RootElement.GetProperty("summary");
        Assert.Equal("watched", summary.GetProperty("task_id").GetString());
        Assert.Equal("running", summary.GetProperty("status").GetString());
        Assert.Equal(Records, summary.GetProperty("records").GetProperty("total").GetInt64());
        Assert.Equal(0, summary.GetProperty("round").GetInt32());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("finished_at").ValueKind);
        Assert.True(summary.GetProperty("elapsed_seconds").GetDouble() > 0);
        var byState = summary.GetProperty("chunks_by_state");
        Assert.Equal(Chunks, byState.GetProperty("submitted").GetInt32() + byState.GetProperty("running").GetInt32());
        Assert.Equal(0, byState.GetProperty("collected").GetInt32());
        var chunks = detail.RootElement.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, Chunks), chunks.Select(c => c.GetProperty("chunk").GetInt32()));
        Assert.All(chunks, c =>
        {
            Assert.Equal(500, c.GetProperty("records").GetInt32());
            Assert.False(string.IsNullOrEmpty(c.GetProperty("batch_id").GetString()));
            Assert.Equal(JsonValueKind.Null, c.GetProperty("last_error").ValueKind);
        });

        Assert.True(text.ExitCode == 0, text.Stdout + text.Stderr);
        Assert.DoesNotContain('\u001b', text.Stdout);
        Assert.Contains("Task watched  running", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("3,000 total", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 collected", text.Stdout, StringComparison.Ordinal);

        Assert.True(list.ExitCode == 0, list.Stdout + list.Stderr);
        Assert.Matches(@"(?m)^TASK\s+STATUS\s+PERCENT", list.Stdout);
        Assert.Matches(@"(?m)^watched\s+running\s", list.Stdout);
        Assert.Contains("1 task(s), 1 unfinished", list.Stdout, StringComparison.Ordinal);
        using var all = JsonDocument.Parse(listJson.Stdout);
        Assert.Equal(["watched"], all.RootElement.EnumerateArray().Select(t => t.GetProperty("task_id").GetString()));
    }
}
