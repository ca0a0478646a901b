using System.Net.Http.Json;
using System.Text.Json;
using BatchInfer.Tests.EndToEnd;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.Host.Workflows;

/// <summary>-workflow FILE: the daemon loads the definition at start; a bad one is a start-up error the user sees; a running daemon with another one is reported.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class WorkflowFileTests
{
    [Fact]
    public async Task Pipeline_BadWorkflowFile_ClearErrorExit2AndNoDaemon()
    {
        using var work = new WorkDirectory("simulator");
        var input = DaemonWork.SmallInput(work, 50);
        var bad = WorkflowFiles.Write(TestPaths.NewWorkDirectory(), "bad.yaml", ("batches_in_flight_per_endpoint", "0"));
        var before = Directory.EnumerateFileSystemEntries(work.Path).Order().ToList();

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "t"), "-workflow", bad], DaemonWork.Generous);

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"workflow definition {bad} is not valid", stderr, StringComparison.Ordinal);
        Assert.Contains("parameters.batches_in_flight_per_endpoint", stderr, StringComparison.Ordinal);
        Assert.Contains("out of range", stderr, StringComparison.Ordinal);
        Assert.Empty(DaemonReaper.DaemonPids(work.Path));
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(work.Path).Order().ToList());
    }

    [Fact]
    public async Task DaemonRun_BadWorkflowFile_ClearErrorExit2()
    {
        using var work = new WorkDirectory("simulator");
        var bad = Path.Combine(work.Path, "steps.yaml");
        await File.WriteAllTextAsync(bad, File.ReadAllText(WorkflowFiles.Write(work.Path, "ok.yaml")).Replace("- poll-batch", "- pol-batch", StringComparison.Ordinal));

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, ["daemon", "run", "--workflow", bad], TimeSpan.FromMinutes(1));

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("chunk_workflow.steps[2]", stderr, StringComparison.Ordinal);
        Assert.Contains("unknown step 'pol-batch'", stderr, StringComparison.Ordinal);
        Assert.Null(DaemonReaper.LockPid(work.Path));
    }

    [Fact]
    public async Task Pipeline_WorkflowFile_DaemonRunsWithItAndAnotherFileIsReported()
    {
        using var work = new WorkDirectory("simulator", "lines_per_chunk: 100");
        var input = DaemonWork.SmallInput(work, 300);
        var chosen = WorkflowFiles.Write(work.Path, "narrow.yaml", ("batches_in_flight_per_endpoint", "2"), ("uploads_in_flight_per_endpoint", "1"));
        var other = WorkflowFiles.Write(work.Path, "other.yaml", ("batches_in_flight_per_endpoint", "3"));

        var first = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "narrow"), "-workflow", chosen], DaemonWork.Generous);
        var mismatch = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "other"), "-workflow", other], DaemonWork.Generous);
        var same = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "same"), "-workflow", chosen], DaemonWork.Generous);

        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}\n{first.Stdout}\n{first.Stderr}");
        Assert.Equal(300, RecordInvariant.AssertHolds(input, work.Merged("narrow")).Succeeded);
        var daemon = await DaemonWork.LiveDaemonAsync(work.Path);
        using var http = DaemonWork.Http(daemon, daemon.Token);
        var workflow = await http.GetFromJsonAsync<JsonElement>("/api/workflow");
        Assert.Equal(chosen, workflow.GetProperty("source").GetString());
        Assert.Equal(2, workflow.GetProperty("parameters").GetProperty("batches_in_flight_per_endpoint").GetInt32());
        Assert.Equal(1, workflow.GetProperty("parameters").GetProperty("uploads_in_flight_per_endpoint").GetInt32());

        Assert.True(mismatch.ExitCode == 2, $"exit {mismatch.ExitCode}\n{mismatch.Stdout}\n{mismatch.Stderr}");
        Assert.Contains($"uses the workflow definition {chosen}, not {other}", mismatch.Stderr, StringComparison.Ordinal);
        Assert.Contains("batch_infer daemon stop", mismatch.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(work.Merged("other")));

        Assert.True(same.ExitCode == 0, $"exit {same.ExitCode}\n{same.Stdout}\n{same.Stderr}");
        Assert.Equal([daemon.Pid], DaemonReaper.DaemonPids(work.Path));
    }
}
