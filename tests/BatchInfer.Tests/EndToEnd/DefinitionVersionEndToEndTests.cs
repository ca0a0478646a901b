using BatchInfer.Host.Cli;
using BatchInfer.Host.Workflows;
using BatchInfer.Tests.Host.Daemon;
using BatchInfer.Tests.Host.Workflows;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>A task keeps the definition version it started with across a daemon restart, while new tasks start on the newest one.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class DefinitionVersionEndToEndTests
{
    private const int Records = 1000;

    [Fact]
    public async Task Restart_AfterVersion3IsSaved_TaskOnVersion2KeepsItsApproveStepAndNewTaskRunsVersion3()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "100ms");
        var (_, work, input) = provider;
        var versions = Directory.CreateDirectory(Path.Combine(work.Path, PipelineVersions.Folder)).FullName;
        // Version 2 holds every task for approval; version 3, saved while the task waits, has no approve step.
        WorkflowFiles.WriteWithSteps(versions, "batch-pipeline.v2.yaml", ("split-input", "approve"));
        var started = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "on2"), "--detach"], DaemonWork.Generous);
        Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}\n{started.Stderr}");
        using (var first = new DaemonClient(await DaemonWork.LiveDaemonAsync(work.Path)))
        {
            Assert.True(await Eventually.HoldsAsync(async () => (await first.GetTaskAsync("on2", CancellationToken.None)).Summary.Status == "awaiting_approval",
                DaemonWork.Generous, TimeSpan.FromMilliseconds(50)), "the task on version 2 never awaited approval");
        }
        WorkflowFiles.Write(versions, "batch-pipeline.v3.yaml");
        var stop = await BatchInferProcess.RunAsync(work.Path, ["daemon", "stop"], DaemonWork.Generous);
        Assert.True(stop.ExitCode == 0, $"exit {stop.ExitCode}\n{stop.Stderr}");

        // The next command starts a daemon, which resumes on2 and publishes version 3.
        var on3 = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "on3"), DaemonWork.Generous);

        Assert.True(on3.ExitCode == 0, $"exit {on3.ExitCode}\n{on3.Stderr}");
        using var client = new DaemonClient(await DaemonWork.LiveDaemonAsync(work.Path));
        Assert.Equal(("succeeded", 3), await StatusAndVersionAsync(client, "on3"));
        // Run on version 3, on2's instance would have gone on to its rounds: version 3 has no approve step.
        Assert.Equal(("awaiting_approval", 2), await StatusAndVersionAsync(client, "on2"));
        var kinds = OperatorControls.TaskKinds(await OperatorControls.JournalAsync(work.Path, "on2"));
        Assert.Equal(["split", "round_started", "awaiting_approval", "daemon_resumed"], kinds);

        var approve = await BatchInferProcess.RunAsync(work.Path, ["-approve", "on2"], DaemonWork.Generous);

        Assert.True(approve.ExitCode == 0, $"exit {approve.ExitCode}\n{approve.Stderr}");
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetTaskAsync("on2", CancellationToken.None)).Summary.Status == "succeeded",
            DaemonWork.Generous, TimeSpan.FromMilliseconds(50)), "the task on version 2 did not succeed once approved");
        Assert.Equal(Records, RecordInvariant.AssertHolds(input, work.Merged("on2")).Succeeded);
        Assert.Equal(Records, RecordInvariant.AssertHolds(input, work.Merged("on3")).Succeeded);
    }

    private static async Task<(string Status, int Version)> StatusAndVersionAsync(DaemonClient client, string taskId)
    {
        var summary = (await client.GetTaskAsync(taskId, CancellationToken.None)).Summary;
        return (summary.Status, summary.DefinitionVersion);
    }
}
