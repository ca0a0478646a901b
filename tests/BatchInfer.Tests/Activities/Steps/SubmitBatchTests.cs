using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Simulator;
using WorkflowCore.Models;
using BatchInfer.Tests.Activities.Inference;
using BatchInfer.Tests.Activities.Scheduling;

namespace BatchInfer.Tests.Activities.Steps;

/// <summary>
/// Creating a batch at most once per chunk, through faults, as the engine runs the step: one POST per run, and a run
/// after an unknown outcome looks for the batch by its tag first. Real client, real simulator over loopback.
/// </summary>
public sealed class SubmitBatchTests
{
    // A run that fails sleeps in the engine; here the next run simply follows.
    private const int MaxRuns = 60;

    [Fact]
    public async Task RunAsync_ConnectionDroppedAfterCreate_NextRunAdoptsTheBatchWithoutASecond()
    {
        await using var client = await ClientHarness.StartAsync();
        using var step = await StepAsync(client, chunks: 1);
        client.Simulator.Server.EnqueueFault(new SimulatorFault(FaultKind.DropAfterHandling, "POST", "/v1/batches"));

        var first = await step.RunAsync(0);
        Assert.False(first.Proceed);
        Assert.Equal(ChunkPhase.Submitting, step.Harness.PhaseOf(0));
        Assert.True((await step.RunAsync(0)).Proceed);

        var stats = client.Simulator.Server.Stats;
        Assert.Equal(1, stats.BatchesCreated);
        Assert.Equal(1, stats.FaultsInjected[nameof(FaultKind.DropAfterHandling)]);
        var row = step.Harness.Row(0);
        Assert.Equal(ChunkPhase.Submitted, row.Phase);
        var batch = await client.Api.GetBatchAsync(row.BatchId!, CancellationToken.None);
        Assert.Equal(row.Tag, batch.Tag);
        Assert.Equal(batch.Times!.CreatedAt, row.SubmittedAt);
    }

    [Fact]
    public async Task RunAsync_Created_RowKeepsTheProvidersCreationAndExpiry()
    {
        await using var client = await ClientHarness.StartAsync();
        using var step = await StepAsync(client, chunks: 1);

        Assert.True((await step.RunAsync(0)).Proceed);

        var row = step.Harness.Row(0);
        var times = (await client.Api.GetBatchAsync(row.BatchId!, CancellationToken.None)).Times!;
        Assert.Equal((times.CreatedAt, times.ExpiresAt), (row.SubmittedAt, row.ExpiresAt));
        Assert.NotNull(row.SubmittedAt);
    }

    [Fact]
    public async Task RunAsync_ProviderSendsNoTimes_SubmittedNowExpiringAfterTheCompletionWindow()
    {
        using var step = new SubmitStep(new ChunkStepHarness("task-s"));
        step.Harness.AddChunk(0, ChunkPhase.Uploaded);
        var before = DateTimeOffset.UtcNow;

        Assert.True((await step.RunAsync(0)).Proceed);

        var row = step.Harness.Row(0);
        Assert.InRange(row.SubmittedAt!.Value, before, DateTimeOffset.UtcNow);
        Assert.Equal(row.SubmittedAt.Value.AddHours(24), row.ExpiresAt);
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable, ChunkPhase.Submitting)]
    [InlineData(FaultKind.InternalServerError, ChunkPhase.Submitting)]
    [InlineData(FaultKind.DropConnection, ChunkPhase.Submitting)]
    [InlineData(FaultKind.TooManyRequests, ChunkPhase.Uploaded)]
    public async Task RunAsync_OneFailedPost_CreatesExactlyOnceOnTheNextRun(FaultKind fault, ChunkPhase afterFailure)
    {
        await using var client = await ClientHarness.StartAsync();
        using var step = await StepAsync(client, chunks: 1);
        client.Simulator.Server.EnqueueFault(new SimulatorFault(fault, "POST", "/v1/batches"));

        Assert.False((await step.RunAsync(0)).Proceed);
        // A 429 is a refusal before any work: nothing to look for. Any other failure may have created the batch.
        Assert.Equal(afterFailure, step.Harness.PhaseOf(0));
        Assert.True((await step.RunAsync(0)).Proceed);

        Assert.Equal(1, client.Simulator.Server.Stats.BatchesCreated);
        Assert.Equal(1, client.Simulator.Server.Stats.FaultsInjected[fault.ToString()]);
    }

    [Fact]
    public async Task RunAsync_429WithRetryAfter_SleepsAtLeastWhatTheServerAsked()
    {
        await using var client = await ClientHarness.StartAsync();
        using var step = await StepAsync(client, chunks: 1);
        client.Simulator.Server.EnqueueFault(new SimulatorFault(FaultKind.TooManyRequests, "POST", "/v1/batches", RetryAfterSeconds: 7));

        var refused = await step.RunAsync(0);

        Assert.False(refused.Proceed);
        Assert.True(refused.SleepFor >= TimeSpan.FromSeconds(7), $"slept {refused.SleepFor}");
        Assert.Contains("429", step.Harness.Row(0).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ManyFaults_NeverCreatesTwoBatchesForOneChunk()
    {
        await using var client = await ClientHarness.StartAsync(
            new SimulatorOptions { RequiredToken = ClientHarness.Password, HttpFaultRate = 0.3, Seed = 99, ValidatingDuration = TimeSpan.FromSeconds(30) });
        using var step = await StepAsync(client, chunks: 12);

        for (var chunk = 0; chunk < 12; chunk++)
        {
            await step.RunUntilProceedAsync(chunk);
        }

        var stats = client.Simulator.Server.Stats;
        Assert.True(stats.FaultsInjected.Values.Sum() > 0);
        Assert.Equal(12, stats.BatchesCreated);
        Assert.All(stats.BatchesByTag.Values, count => Assert.Equal(1, count));
    }

    private static async Task<SubmitStep> StepAsync(ClientHarness client, int chunks)
    {
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(2), "a.jsonl", CancellationToken.None);
        var harness = new ChunkStepHarness("task-s", client.Api);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            harness.AddChunk(chunk, ChunkPhase.Uploaded, fileId: fileId);
        }
        return new SubmitStep(harness);
    }

    private sealed class SubmitStep(ChunkStepHarness harness) : IDisposable
    {
        private readonly FairScheduler _scheduler = new(new SchedulerOptions(), TimeProvider.System);

        public ChunkStepHarness Harness { get; } = harness;

        public Task<ExecutionResult> RunAsync(int chunk) => Harness.RunAsync(new SubmitBatch(Harness.Services, _scheduler), chunk);

        public async Task RunUntilProceedAsync(int chunk)
        {
            for (var run = 0; run < MaxRuns; run++)
            {
                if ((await RunAsync(chunk)).Proceed)
                {
                    return;
                }
            }
            Assert.Fail($"chunk {chunk} was not submitted in {MaxRuns} runs; last error: {Harness.Row(chunk).LastError}");
        }

        public void Dispose() => Harness.Dispose();
    }
}
