using BatchInfer.Activities.State;
using BatchInfer.Host.Engine;
using BatchInfer.Simulator;
using BatchInfer.Tests.EndToEnd;

namespace BatchInfer.Tests.Host.Engine;

/// <summary>Cancelling a task in the real engine host, against the simulator over loopback.</summary>
public sealed class TaskCancellationTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RequestAsync_WhileBatchesRun_CancelsThemMergesPartialOutputAndAccountsForEveryRecord()
    {
        // Batches that take a minute: they are mid-flight, with some records answered, when the cancel comes.
        await using var engine = await EngineHarness.StartAsync(new SimulatorOptions { InProgressDuration = TimeSpan.FromSeconds(60), Seed = 3 });
        var input = engine.WriteInput(200);
        await engine.StartTaskAsync("running", input, EngineHarness.Config(linesPerChunk: 50));
        var midFlight = await Eventually.HoldsAsync(
            () => engine.Simulator.Stats.RecordsProcessed > 0 && engine.Chunks("running") is { Count: 4 } chunks && chunks.All(c => c.Phase == ChunkPhase.Submitted),
            Generous,
            TimeSpan.FromMilliseconds(50));
        Assert.True(midFlight, "the four batches never ran: " + engine.Describe("running"));
        var answeredBeforeCancel = engine.Simulator.Stats.RecordsProcessed;

        var outcome = await engine.Cancellation.RequestAsync("running", CancellationToken.None);
        var repeated = await engine.Cancellation.RequestAsync("running", CancellationToken.None);

        Assert.Equal(CancelOutcome.Requested, outcome);
        Assert.Equal(CancelOutcome.Requested, repeated);
        var task = await engine.WaitFinishedAsync("running", Generous);
        Assert.Equal(TaskOutcome.Cancelled, task.Outcome);
        var stats = engine.Simulator.Stats;
        Assert.Equal(4, stats.BatchesCreated);
        Assert.All(stats.BatchesByTag.Values, created => Assert.Equal(1, created));
        var ended = stats.BatchesByFinalState;
        Assert.True(ended.GetValueOrDefault("cancelled") >= 1, "no batch was cancelled: " + string.Join(", ", ended));
        Assert.Equal(stats.BatchesCreated, ended.GetValueOrDefault("cancelled") + ended.GetValueOrDefault("completed"));
        Assert.All(engine.Chunks("running"), c => Assert.True(c.CancelSent && c.Phase == ChunkPhase.Collected, $"chunk {c.Chunk}: {c.Phase}, cancel sent {c.CancelSent}"));
        Assert.Equal(0, stats.Duplicates);

        var counts = RecordInvariant.AssertHolds(input, engine.Merged("running"));
        Assert.Equal(200, counts.Valid);
        // Every answer the provider gave was salvaged from the cancelled batches' partial output; the rest is missing.
        Assert.Equal(stats.RecordsProcessed, counts.Succeeded);
        Assert.InRange(counts.Succeeded, answeredBeforeCancel, 199);
        Assert.Equal(0, counts.Failed);
        Assert.Equal(200 - counts.Succeeded, counts.Missing);
        Assert.Equal((task.Succeeded, task.FailedFinal, task.Missing), (counts.Succeeded, (long)counts.Failed, (long)counts.Missing));
        Assert.Contains("\"outcome\": \"cancelled\"", await File.ReadAllTextAsync(Path.Combine(engine.Merged("running"), "summary.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_DuringRetryRound_RecordsThatErroredBeforeEndInErrorFile()
    {
        // Round 0 answers some records with retryable errors; the cancel comes while their retry batches run.
        await using var engine = await EngineHarness.StartAsync(new SimulatorOptions
        {
            InProgressDuration = TimeSpan.FromSeconds(3),
            RequestErrorRate = 0.3,
            Seed = 5,
        });
        var input = engine.WriteInput(100);
        await engine.StartTaskAsync("retrying", input, EngineHarness.Config(linesPerChunk: 25));
        Assert.True(
            await Eventually.HoldsAsync(
                () => engine.Chunks("retrying").Any(c => c.Round == 1 && c.Phase == ChunkPhase.Submitted),
                Generous,
                TimeSpan.FromMilliseconds(50)),
            "no retry batch ran: " + engine.Describe("retrying"));

        var outcome = await engine.Cancellation.RequestAsync("retrying", CancellationToken.None);

        Assert.Equal(CancelOutcome.Requested, outcome);
        var task = await engine.WaitFinishedAsync("retrying", Generous);
        Assert.Equal(TaskOutcome.Cancelled, task.Outcome);
        var counts = RecordInvariant.AssertHolds(input, engine.Merged("retrying"));
        // Every record was answered in round 0, so none is missing: those still unanswered keep round 0's error line.
        Assert.Equal(0, counts.Missing);
        Assert.True(counts.Failed > 0, $"no record in error_retry0.jsonl: {counts}");
        Assert.Equal(100, counts.Succeeded + counts.Failed);
        Assert.Equal(0, engine.Simulator.Stats.Duplicates);
    }

    [Fact]
    public async Task RequestAsync_BeforeAnyUpload_EveryRecordMissingAndNoBatchCreated()
    {
        // The provider refuses the task's credential, so the task is held before its first upload.
        await using var engine = await EngineHarness.StartAsync(new SimulatorOptions { RequiredToken = "the-right-key" });
        var input = engine.WriteInput(30);
        await engine.StartTaskAsync("held", input, EngineHarness.Config(password: "a-wrong-key", linesPerChunk: 10));
        Assert.True(
            await Eventually.HoldsAsync(() => engine.TaskRow("held").BlockedReason is not null, Generous, TimeSpan.FromMilliseconds(50)),
            "the task was never blocked: " + engine.Describe("held"));

        var outcome = await engine.Cancellation.RequestAsync("held", CancellationToken.None);

        Assert.Equal(CancelOutcome.Requested, outcome);
        var task = await engine.WaitFinishedAsync("held", Generous);
        Assert.Equal(TaskOutcome.Cancelled, task.Outcome);
        Assert.Equal(0, engine.Simulator.Stats.FilesUploaded);
        Assert.Equal(0, engine.Simulator.Stats.BatchesCreated);
        Assert.All(engine.Chunks("held"), c => Assert.True(c.BatchId is null && c.Phase == ChunkPhase.Collected, $"chunk {c.Chunk}: {c.Phase}, batch {c.BatchId}"));
        var counts = RecordInvariant.AssertHolds(input, engine.Merged("held"));
        Assert.Equal((30, 0, 0, 30), (counts.Valid, counts.Succeeded, counts.Failed, counts.Missing));
        Assert.Equal(30, task.Missing);
    }

    [Fact]
    public async Task RequestAsync_FinishedTask_AlreadyFinishedAndOutcomeKept()
    {
        await using var engine = await EngineHarness.StartAsync(new SimulatorOptions());
        var input = engine.WriteInput(20);
        await engine.StartTaskAsync("done", input, EngineHarness.Config(linesPerChunk: 10));
        var finished = await engine.WaitFinishedAsync("done", Generous);
        Assert.Equal(TaskOutcome.AllSucceeded, finished.Outcome);

        var outcome = await engine.Cancellation.RequestAsync("done", CancellationToken.None);

        Assert.Equal(CancelOutcome.AlreadyFinished, outcome);
        var after = engine.TaskRow("done");
        Assert.False(after.CancelRequested);
        Assert.Equal(TaskOutcome.AllSucceeded, after.Outcome);
        Assert.Equal(20, RecordInvariant.AssertHolds(input, engine.Merged("done")).Succeeded);
    }

    [Fact]
    public async Task RequestAsync_UnknownTask_Unknown()
    {
        await using var engine = await EngineHarness.StartAsync(new SimulatorOptions());

        var outcome = await engine.Cancellation.RequestAsync("never-started", CancellationToken.None);

        Assert.Equal(CancelOutcome.Unknown, outcome);
    }
}
