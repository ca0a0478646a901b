using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchInfer.Tests.Activities.Scheduling;

public sealed class FairSchedulerBatchTests
{
    private static readonly EndpointKey Endpoint = EndpointKey.For("http://127.0.0.1:1/v1", "secret-a");

    private readonly FakeTimeProvider _time = new();

    private FairScheduler Scheduler(int batches, IEnumerable<BatchTag>? inFlight = null) =>
        new(new SchedulerOptions { BatchesPerEndpoint = batches, WaiterExpiry = TimeSpan.FromSeconds(30) }, _time, inFlight);

    private static BatchTag Chunk(string task, int chunk) => new(task, 0, chunk);

    private static bool Ask(FairScheduler scheduler, string task, int chunk) => scheduler.TryReserveBatch(Endpoint, Chunk(task, chunk));

    /// <summary>Fills the endpoint with <paramref name="count"/> batches of <paramref name="task"/>.</summary>
    private static void Fill(FairScheduler scheduler, string task, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(Ask(scheduler, task, i));
        }
    }

    [Fact]
    public async Task TryReserveBatch_ConcurrentAsks_GrantsExactlyTheCap()
    {
        var scheduler = Scheduler(batches: 7);

        var granted = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => Ask(scheduler, $"t{i % 3}", i))));

        Assert.Equal(7, granted.Count(g => g));
        Assert.Equal(7, scheduler.LoadOf(Endpoint).BatchesInFlight);
    }

    [Fact]
    public void TryReserveBatch_SameChunkAgain_KeepsOneSlot()
    {
        var scheduler = Scheduler(batches: 2);

        Assert.True(Ask(scheduler, "a", 0));
        Assert.True(Ask(scheduler, "a", 0));

        Assert.Equal(1, scheduler.LoadOf(Endpoint).BatchesInFlight);
    }

    [Fact]
    public void TryReserveBatch_BigTaskWithFiftyWaitingAndSmallTaskWithOne_SmallGetsTheNextFreeSlot()
    {
        var scheduler = Scheduler(batches: 4);
        Fill(scheduler, "big", 4);
        for (var i = 4; i < 54; i++)
        {
            Assert.False(Ask(scheduler, "big", i));
        }
        Assert.False(Ask(scheduler, "small", 0));

        scheduler.ReleaseBatch(Endpoint, Chunk("big", 0));

        // The big task's chunks ask again first, and are refused: the free slot is the small task's.
        for (var i = 4; i < 54; i++)
        {
            Assert.False(Ask(scheduler, "big", i));
        }
        Assert.True(Ask(scheduler, "small", 0));
        Assert.Equal(new Dictionary<string, int> { ["big"] = 3, ["small"] = 1 }, scheduler.LoadOf(Endpoint).BatchesByTask);
    }

    [Fact]
    public void TryReserveBatch_TwoFreeSlotsOneBetterWaiter_OtherTaskGetsTheSecond()
    {
        var scheduler = Scheduler(batches: 3);
        Fill(scheduler, "big", 3);
        Assert.False(Ask(scheduler, "small", 0));
        scheduler.ReleaseBatch(Endpoint, Chunk("big", 0));
        scheduler.ReleaseBatch(Endpoint, Chunk("big", 1));

        Assert.True(Ask(scheduler, "big", 3));
        Assert.False(Ask(scheduler, "big", 4));
        Assert.True(Ask(scheduler, "small", 0));
    }

    [Fact]
    public void TryReserveBatch_BetterWaiterStoppedAsking_ForgottenAfterExpiry()
    {
        var scheduler = Scheduler(batches: 1);
        Fill(scheduler, "big", 1);
        Assert.False(Ask(scheduler, "gone", 0));
        Assert.False(Ask(scheduler, "big", 1));
        scheduler.ReleaseBatch(Endpoint, Chunk("big", 0));
        Assert.False(Ask(scheduler, "big", 1));

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.True(Ask(scheduler, "big", 1));
    }

    [Fact]
    public void ReleaseBatch_AfterCollect_FreesTheSlotOnceOnly()
    {
        var scheduler = Scheduler(batches: 1);
        Assert.True(Ask(scheduler, "a", 0));
        Assert.False(Ask(scheduler, "a", 1));

        scheduler.ReleaseBatch(Endpoint, Chunk("a", 0));
        scheduler.ReleaseBatch(Endpoint, Chunk("a", 0));

        Assert.True(Ask(scheduler, "a", 1));
        Assert.False(Ask(scheduler, "a", 2));
    }

    [Fact]
    public void TryReserveBatch_OtherEndpointFull_StillGranted()
    {
        var scheduler = Scheduler(batches: 1);
        var other = EndpointKey.For("http://127.0.0.2:1/v1", "secret-a");
        Assert.True(Ask(scheduler, "a", 0));

        Assert.True(scheduler.TryReserveBatch(other, Chunk("b", 0)));
        Assert.False(Ask(scheduler, "b", 1));
    }

    [Fact]
    public void Constructor_RecoveredInFlight_CountAgainstTheCapUntilCollected()
    {
        var scheduler = Scheduler(batches: 3, inFlight: [Chunk("old", 0), Chunk("old", 1)]);

        Assert.True(Ask(scheduler, "new", 0));
        Assert.False(Ask(scheduler, "new", 1));

        scheduler.ReleaseBatch(Endpoint, Chunk("old", 0));

        Assert.True(Ask(scheduler, "new", 1));
        Assert.Equal(new Dictionary<string, int> { ["old"] = 1, ["new"] = 2 }, scheduler.LoadOf(Endpoint).BatchesByTask);
    }

    [Fact]
    public void Claim_RecoveredTaskOnAnotherEndpoint_NoLongerCountsHere()
    {
        var scheduler = Scheduler(batches: 2, inFlight: [Chunk("old", 0), Chunk("old", 1)]);
        var other = EndpointKey.For("http://127.0.0.2:1/v1", "secret-b");
        Assert.False(Ask(scheduler, "new", 0));

        scheduler.Claim(other, "old");

        Assert.True(Ask(scheduler, "new", 0));
        Assert.Equal(2, scheduler.LoadOf(other).BatchesInFlight);
        Assert.Equal(0, scheduler.LoadOf(Endpoint).UnclaimedBatches);
    }
}
