using System.Globalization;
using BatchInfer.Host.Api;
using BatchInfer.Host.Cli;
using BatchInfer.Tests.Host.Daemon;
using BatchInfer.Tests.Host.Workflows;
using Xunit.Abstractions;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>
/// -pause holds back the creation of a task's batches while the ones created finish; -resume goes on; a paused task can
/// be cancelled. Real processes: the standalone simulator, batch_infer and its daemon.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class PauseEndToEndTests(ITestOutputHelper output)
{
    private const int Records = 3000;
    private const int Chunks = 6;
    private const int BatchSlots = 2;

    [Fact]
    public async Task Pause_RunningTask_CreatedBatchesFinishNoNewOnesUntilResumeThenEveryRecordIsAccounted()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "2s");
        var (simulator, work, input) = provider;
        // Two batch slots: the first two chunks run while the others wait for a slot, so the pause comes mid-round.
        var workflow = WorkflowFiles.Write(work.Path, "narrow.yaml", ("batches_in_flight_per_endpoint", BatchSlots.ToString(CultureInfo.InvariantCulture)));
        var started = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "p"), "-workflow", workflow, "--detach"], DaemonWork.Generous);
        Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}\n{started.Stderr}");
        Assert.True(await Eventually.HoldsAsync(() => DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated) >= 1, DaemonWork.Generous),
            "no batch was ever created");

        var pause = await BatchInferProcess.RunAsync(work.Path, ["-pause", "p"], DaemonWork.Generous);
        Assert.True(pause.ExitCode == 0, $"exit {pause.ExitCode}\n{pause.Stdout}\n{pause.Stderr}");
        using var client = new DaemonClient(await DaemonWork.LiveDaemonAsync(work.Path));
        // Paused and settled: every batch created is collected (they went on), and the chunks left have not created one.
        // Without the pause the chunks waiting for a slot would take the freed ones, and this never holds.
        TaskDetailDto? held = null;
        Assert.True(await Eventually.HoldsAsync(async () =>
            {
                held = await client.GetTaskAsync("p", CancellationToken.None);
                var created = held.Chunks.Count(c => c.BatchId is not null);
                return held.Summary.Status == "paused" && created < Chunks
                    && held.Chunks.All(c => c.BatchId is null ? c.Phase == "uploaded" : c.Phase == "collected")
                    && DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated) == created;
            }, DaemonWork.Generous, TimeSpan.FromMilliseconds(50)),
            $"the pause did not hold: {string.Join(", ", held?.Chunks.Select(c => $"c{c.Chunk} {c.Phase} {c.BatchId}") ?? [])}");
        var createdWhilePaused = held!.Chunks.Count(c => c.BatchId is not null);
        var retryWhilePaused = await BatchInferProcess.RunAsync(work.Path, ["-retry", "p"], DaemonWork.Generous);

        var resume = await BatchInferProcess.RunAsync(work.Path, ["-resume", "p"], DaemonWork.Generous);

        output.WriteLine($"{pause.Stdout}{retryWhilePaused.Stderr}{resume.Stdout}");
        Assert.True(resume.ExitCode == 0, $"exit {resume.ExitCode}\n{resume.Stderr}");
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetTaskAsync("p", CancellationToken.None)).Summary.Status == "succeeded",
            DaemonWork.Generous, TimeSpan.FromMilliseconds(50)), "the resumed task did not succeed");
        Assert.Equal(2, retryWhilePaused.ExitCode);
        Assert.Contains("task p has not finished yet", retryWhilePaused.Stderr, StringComparison.Ordinal);
        var counts = RecordInvariant.AssertHolds(input, work.Merged("p"));
        Assert.Equal(Records, counts.Succeeded);
        Assert.Equal(Chunks, DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated));
        Assert.Equal(0, DaemonWork.Stat(simulator, SimulatorStatsNames.Duplicates));

        var journal = await OperatorControls.JournalAsync(work.Path, "p");
        Assert.Equal(["split", "round_started", "pause", "resume", "merge", "finished"], OperatorControls.TaskKinds(journal));
        var resumedAt = journal.FindIndex(e => e.Kind == "resume");
        Assert.Equal(createdWhilePaused, journal.Take(resumedAt).Count(e => e.Kind == "batch_created"));
        Assert.Equal(Chunks, journal.Count(e => e.Kind == "batch_created"));
        Assert.Equal(Chunks, journal.Count(e => e.Kind == "downloaded"));
        // Each chunk's entries come in the order its batch went through them.
        Assert.All(Enumerable.Range(0, Chunks), chunk => Assert.Equal(["batch_created", "batch_ended", "downloaded"],
            journal.Where(e => e.Chunk == chunk).Select(e => e.Kind)));

        var pauseFinished = await BatchInferProcess.RunAsync(work.Path, ["-pause", "p"], DaemonWork.Generous);
        Assert.Equal(2, pauseFinished.ExitCode);
        Assert.Contains("task p has already finished", pauseFinished.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_PausedTask_EndsCancelledWithItsRecordsMissing()
    {
        using var provider = await DaemonWork.SlowProviderAsync(1000, inProgress: "2s");
        var (simulator, work, input) = provider;
        var started = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "pc"), "--detach"], DaemonWork.Generous);
        Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}\n{started.Stderr}");
        var pause = await BatchInferProcess.RunAsync(work.Path, ["-pause", "pc"], DaemonWork.Generous);
        Assert.True(pause.ExitCode == 0, $"exit {pause.ExitCode}\n{pause.Stderr}");

        var cancel = await BatchInferProcess.RunAsync(work.Path, ["-cancel", "pc"], DaemonWork.Generous);
        var resume = await BatchInferProcess.RunAsync(work.Path, ["-resume", "pc"], DaemonWork.Generous);

        Assert.True(cancel.ExitCode == 0, $"exit {cancel.ExitCode}\n{cancel.Stdout}\n{cancel.Stderr}");
        Assert.Contains("Task pc cancelled:", cancel.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, resume.ExitCode);
        Assert.Contains("task pc has already finished", resume.Stderr, StringComparison.Ordinal);
        var counts = RecordInvariant.AssertHolds(input, work.Merged("pc"));
        // Whatever batch was created before the pause took effect was answered or cancelled; the rest was never sent.
        Assert.Equal(1000, counts.Succeeded + counts.Missing);
        Assert.Equal(0, DaemonWork.Stat(simulator, SimulatorStatsNames.Duplicates));
        // The pause may come before the split is done: only the order of these is fixed.
        var kinds = OperatorControls.TaskKinds(await OperatorControls.JournalAsync(work.Path, "pc"));
        Assert.Equal(["pause", "cancel", "merge", "finished"], kinds.Where(k => k is "pause" or "cancel" or "merge" or "finished"));
    }
}
