using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;

namespace BatchInfer.Tests.Activities.Scheduling;

public sealed class BatchSlotStepTests : IDisposable
{
    private readonly ChunkStepHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private FairScheduler Scheduler(int batches) =>
        new(new SchedulerOptions { BatchesPerEndpoint = batches }, TimeProvider.System, BatchSlotRecovery.InFlight(_harness.Database));

    [Fact]
    public void InFlight_ChunksInEveryPhase_CountsSubmittingToDownloading()
    {
        var phases = Enum.GetValues<ChunkPhase>();
        for (var i = 0; i < phases.Length; i++)
        {
            _harness.AddChunk(i, phases[i]);
        }

        var inFlight = BatchSlotRecovery.InFlight(_harness.Database);

        Assert.Equal([2, 3, 4], inFlight.Select(t => t.Chunk).Order());
        Assert.All(inFlight, t => Assert.Equal(_harness.TaskId, t.TaskId));
    }

    [Fact]
    public async Task RunAsync_EndpointFullFromRecoveredBatches_SleepsWithoutCreating()
    {
        _harness.AddChunk(0, ChunkPhase.Submitted);
        _harness.AddChunk(1, ChunkPhase.Uploaded);
        var scheduler = Scheduler(batches: 1);

        var result = await _harness.RunAsync(new SubmitBatch(_harness.Services, scheduler), 1);

        Assert.False(result.Proceed);
        Assert.Equal(scheduler.Options.SlotRetryInterval, result.SleepFor);
        Assert.Equal(0, _harness.Counting.Created);
        Assert.Equal(ChunkPhase.Uploaded, _harness.PhaseOf(1));
    }

    [Fact]
    public async Task RunAsync_CollectFreesTheSlot_NextChunkIsSubmitted()
    {
        _harness.AddChunk(0, ChunkPhase.Uploaded);
        _harness.AddChunk(1, ChunkPhase.Uploaded);
        var scheduler = Scheduler(batches: 1);
        Assert.True((await _harness.RunAsync(new SubmitBatch(_harness.Services, scheduler), 0)).Proceed);
        Assert.False((await _harness.RunAsync(new SubmitBatch(_harness.Services, scheduler), 1)).Proceed);
        using (var db = _harness.Database.CreateContext())
        {
            db.Chunks.Single(c => c.Chunk == 0).Phase = ChunkPhase.Downloading;
            db.SaveChanges();
        }

        Assert.True((await _harness.RunAsync(new DownloadResults(_harness.Services, scheduler), 0)).Proceed);
        var submitted = await _harness.RunAsync(new SubmitBatch(_harness.Services, scheduler), 1);

        Assert.True(submitted.Proceed);
        Assert.Equal(2, _harness.Counting.Created);
        Assert.Equal((ChunkPhase.Collected, ChunkPhase.Submitted), (_harness.PhaseOf(0), _harness.PhaseOf(1)));
        Assert.Equal(1, scheduler.LoadOf(_harness.Runtime.EndpointKey).BatchesInFlight);
    }
}
