using System.Text.Json;
using BatchInfer.Tests.Host.Daemon;
using Xunit.Abstractions;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>
/// -retry on a task that finished with failed and missing records: one more round over exactly those, merged again in
/// input order; the invariant holds record by record. Real processes: the standalone simulator, batch_infer and its daemon.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class RetryFailedEndToEndTests(ITestOutputHelper output)
{
    private const int Records = 2000;
    private const int LinesPerChunk = 500;

    [Fact]
    public async Task Retry_TaskFinishedWithFailures_OneRoundOverExactlyThoseRecordsAndTheyNowSucceed()
    {
        // The first batch fails with no output (its records end missing), and 10 % of the other answers are errors;
        // max_retry_count 0, so the task ends after round 0 with both kinds of failure.
        using var simulator = await SimulatorProcess.StartAsync("--fail-batches", "1", "--error-rate", "0.1", "--seed", "11");
        using var work = new WorkDirectory(simulator.BaseUrl, $"lines_per_chunk: {LinesPerChunk}\nmax_retry_count: 0");
        var input = DaemonWork.SmallInput(work, Records);
        var merged = work.Merged("t");

        var first = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "t"), DaemonWork.Generous);
        Assert.True(first.ExitCode == 3, $"exit {first.ExitCode}\n{first.Stdout}\n{first.Stderr}");
        var before = RecordInvariant.AssertHolds(input, merged);
        Assert.True(before is { Missing: >= LinesPerChunk, Failed: > 0 }, $"round 0 left {before.Failed} failed and {before.Missing} missing");
        var outputBefore = OperatorControls.LinesById(Path.Combine(merged, "output.jsonl"));
        var unsettledBefore = Unsettled(merged);
        var processedBefore = DaemonWork.Stat(simulator, SimulatorStatsNames.RecordsProcessed);
        var createdBefore = DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated);

        var retry = await BatchInferProcess.RunAsync(work.Path, ["-retry", "t"], DaemonWork.Generous);

        output.WriteLine($"-retry t (exit {retry.ExitCode}):\n{retry.Stdout}{retry.Stderr}");
        Assert.Contains("Task t reopened", retry.Stdout, StringComparison.Ordinal);
        var after = RecordInvariant.AssertHolds(input, merged);
        Assert.True(retry.ExitCode == (after.Failed + after.Missing == 0 ? 0 : 3), $"exit {retry.ExitCode}\n{retry.Stderr}");
        // The retry round sent exactly the records that had ended failed or missing, each once, in as few chunks as they fill.
        Assert.Equal(unsettledBefore.Count, DaemonWork.Stat(simulator, SimulatorStatsNames.RecordsProcessed) - processedBefore);
        Assert.Equal((unsettledBefore.Count + LinesPerChunk - 1) / LinesPerChunk, DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated) - createdBefore);
        Assert.Equal(0, DaemonWork.Stat(simulator, SimulatorStatsNames.Duplicates));
        // What had succeeded is kept verbatim; most of the rest succeeds now (10 % error rate); what still fails was failing before.
        var outputAfter = OperatorControls.LinesById(Path.Combine(merged, "output.jsonl"));
        Assert.All(outputBefore, pair => Assert.Equal(pair.Value, outputAfter[pair.Key]));
        Assert.True(after.Succeeded - before.Succeeded > unsettledBefore.Count * 3 / 4,
            $"{after.Succeeded - before.Succeeded} of {unsettledBefore.Count} retried records succeeded");
        Assert.Subset(unsettledBefore, Unsettled(merged));
        using (var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(merged, "summary.json"))))
        {
            var root = summary.RootElement;
            Assert.Equal((2, after.Succeeded, after.Failed, after.Missing),
                (root.GetProperty("rounds").GetInt32(), root.GetProperty("succeeded").GetInt32(), root.GetProperty("failed").GetInt32(), root.GetProperty("missing").GetInt32()));
        }

        var journal = await OperatorControls.JournalAsync(work.Path, "t");
        Assert.Equal(["split", "round_started", "merge", "finished", "retry_failed", "round_started", "merge", "finished"], OperatorControls.TaskKinds(journal));
        Assert.Contains(journal, e => e is { Kind: "batch_ended", Round: 0 } && e.Message.Contains(" failed:", StringComparison.Ordinal));
        Assert.Equal(DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated), journal.Count(e => e.Kind == "batch_created"));
        Assert.Contains(journal, e => e is { Kind: "round_started", Round: 1 } && e.Message.Contains($"{before.Failed} failed and {before.Missing} missing", StringComparison.Ordinal));
        Assert.DoesNotContain(journal, e => e.Message.Contains("e2e-secret-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_WrongStates_RefusedWithTheReasonAndExit2()
    {
        using var provider = await DaemonWork.SlowProviderAsync(1000, inProgress: "30s");
        var (_, work, input) = provider;
        using var running = BatchInferProcess.Start(work.Path, work.PipelineArgs(input, "slow"));
        await DaemonWork.LiveDaemonAsync(work.Path);
        Assert.True(await Eventually.HoldsAsync(() => File.Exists(Path.Combine(work.Path, "chunks", "slow", "r0", "c00000.ids")), DaemonWork.Generous),
            $"the task never split\n{running.Stdout}\n{running.Stderr}");

        var whileRunning = await BatchInferProcess.RunAsync(work.Path, ["-retry", "slow"], DaemonWork.Generous);
        var unknown = await BatchInferProcess.RunAsync(work.Path, ["-retry", "nosuch"], DaemonWork.Generous);
        var cancel = await BatchInferProcess.RunAsync(work.Path, ["-cancel", "slow"], DaemonWork.Generous);
        var cancelled = await BatchInferProcess.RunAsync(work.Path, ["-retry", "slow"], DaemonWork.Generous);
        var small = DaemonWork.SmallInput(work, 10);
        var clean = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(small, "clean"), DaemonWork.Generous);
        var nothingFailed = await BatchInferProcess.RunAsync(work.Path, ["-retry", "clean"], DaemonWork.Generous);

        output.WriteLine($"{whileRunning.Stderr}{unknown.Stderr}{cancelled.Stderr}{nothingFailed.Stderr}");
        Assert.Equal((2, 2, 0, 2, 0, 2), (whileRunning.ExitCode, unknown.ExitCode, cancel.ExitCode, cancelled.ExitCode, clean.ExitCode, nothingFailed.ExitCode));
        Assert.Contains("task slow has not finished yet", whileRunning.Stderr, StringComparison.Ordinal);
        Assert.Contains("task nosuch is not known", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("task slow was cancelled, so it is not reopened", cancelled.Stderr, StringComparison.Ordinal);
        Assert.Contains("task clean has no failed or missing records to retry", nothingFailed.Stderr, StringComparison.Ordinal);
        Assert.Equal(["split", "round_started", "cancel", "merge", "finished"], OperatorControls.TaskKinds(await OperatorControls.JournalAsync(work.Path, "slow")));
    }

    private static HashSet<string> Unsettled(string merged) =>
    [
        .. OperatorControls.LinesById(Path.Combine(merged, "error_retry0.jsonl")).Keys,
        .. OperatorControls.LinesById(Path.Combine(merged, "missing_records.jsonl")).Keys,
    ];
}
