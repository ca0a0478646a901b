using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Tests.Activities.Scheduling;

namespace BatchInfer.Tests.Activities.Steps;

/// <summary>A paused task's chunk creates no batch and holds no slot, neither granted nor queued for; unpaused, it goes on.</summary>
public sealed class PausedChunksTests : IDisposable
{
    private readonly ChunkStepHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task SubmitBatch_TaskPaused_NoCreateCallAndNoSlotUntilUnpaused()
    {
        _harness.AddChunk(0, ChunkPhase.Uploaded);
        _harness.AddChunk(1, ChunkPhase.Uploaded);
        _harness.AddChunk(2, ChunkPhase.Uploaded);
        var scheduler = new FairScheduler(new SchedulerOptions { BatchesPerEndpoint = 1 }, TimeProvider.System);
        var submit = new SubmitBatch(_harness.Services, scheduler);
        Assert.True((await _harness.RunAsync(submit, 0)).Proceed);
        Assert.False((await _harness.RunAsync(submit, 1)).Proceed);
        Assert.Equal(1, scheduler.LoadOf(_harness.Runtime.EndpointKey).BatchesWaiting);

        SetPaused(true);
        var held = await _harness.RunAsync(submit, 1);
        // Chunk 0's batch ends and its slot comes free: still nothing is created.
        using (var db = _harness.Database.CreateContext())
        {
            db.Chunks.Single(c => c.Chunk == 0).Phase = ChunkPhase.Downloading;
            db.SaveChanges();
        }
        Assert.True((await _harness.RunAsync(new DownloadResults(_harness.Services, scheduler), 0)).Proceed);
        var stillHeld = await _harness.RunAsync(submit, 2);

        Assert.False(held.Proceed);
        Assert.False(stillHeld.Proceed);
        Assert.Equal(scheduler.Options.SlotRetryInterval, held.SleepFor);
        var load = scheduler.LoadOf(_harness.Runtime.EndpointKey);
        Assert.Equal((0, 0), (load.BatchesInFlight, load.BatchesWaiting));
        Assert.Equal(1, _harness.Counting.Created);
        Assert.Equal((ChunkPhase.Uploaded, ChunkPhase.Uploaded), (_harness.PhaseOf(1), _harness.PhaseOf(2)));

        SetPaused(false);
        Assert.True((await _harness.RunAsync(submit, 1)).Proceed);
        Assert.Equal(2, _harness.Counting.Created);
    }

    private void SetPaused(bool paused)
    {
        using var db = _harness.Database.CreateContext();
        db.Tasks.Single().Paused = paused;
        db.SaveChanges();
    }
}
