using BatchInfer.Activities.Scheduling;

namespace BatchInfer.Tests.Scheduling;

public sealed class FairSchedulerUploadTests
{
    private static readonly EndpointKey Endpoint = EndpointKey.For("http://127.0.0.1:1/v1", "secret-a");

    private static FairScheduler Scheduler(int uploads = 4) =>
        new(new SchedulerOptions { UploadsPerEndpoint = uploads }, TimeProvider.System);

    [Fact]
    public async Task AcquireUploadAsync_ManyConcurrentUploads_NeverMoreInFlightThanTheCap()
    {
        var scheduler = Scheduler(uploads: 3);
        var inFlight = 0;
        var peak = 0;
        var gate = new SemaphoreSlim(0);

        var uploads = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var lease = await scheduler.AcquireUploadAsync(Endpoint, $"task-{i % 4}", CancellationToken.None);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await gate.WaitAsync();
            Interlocked.Decrement(ref inFlight);
        })).ToList();

        for (var released = 0; released < 20; released++)
        {
            Assert.True(await Eventually.HoldsAsync(() => Volatile.Read(ref inFlight) == Math.Min(3, 20 - released), TimeSpan.FromSeconds(10)));
            gate.Release();
        }
        await Task.WhenAll(uploads);

        Assert.Equal(3, peak);
        Assert.Equal(0, scheduler.LoadOf(Endpoint).UploadsInFlight);
    }

    [Fact]
    public async Task AcquireUploadAsync_BigTaskQueuedFirst_SmallTaskGetsTheNextFreeSlot()
    {
        var scheduler = Scheduler(uploads: 2);
        var held = new List<UploadLease>
        {
            await scheduler.AcquireUploadAsync(Endpoint, "big", CancellationToken.None),
            await scheduler.AcquireUploadAsync(Endpoint, "big", CancellationToken.None),
        };
        var bigWaiting = Enumerable.Range(0, 50)
            .Select(_ => scheduler.AcquireUploadAsync(Endpoint, "big", CancellationToken.None).AsTask())
            .ToList();
        var small = scheduler.AcquireUploadAsync(Endpoint, "small", CancellationToken.None).AsTask();
        Assert.Equal(51, scheduler.LoadOf(Endpoint).UploadsWaiting);

        await held[0].DisposeAsync();

        var granted = await small.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("small", granted.TaskId);
        Assert.All(bigWaiting, t => Assert.False(t.IsCompleted));
        Assert.Equal(50, scheduler.LoadOf(Endpoint).UploadsWaiting);
    }

    [Fact]
    public async Task AcquireUploadAsync_EqualHoldings_LongestWaitingGoesFirst()
    {
        var scheduler = Scheduler(uploads: 1);
        var first = await scheduler.AcquireUploadAsync(Endpoint, "a", CancellationToken.None);
        var b = scheduler.AcquireUploadAsync(Endpoint, "b", CancellationToken.None).AsTask();
        var c = scheduler.AcquireUploadAsync(Endpoint, "c", CancellationToken.None).AsTask();

        first.Dispose();

        Assert.Equal("b", (await b.WaitAsync(TimeSpan.FromSeconds(10))).TaskId);
        Assert.False(c.IsCompleted);
    }

    [Fact]
    public async Task AcquireUploadAsync_CancelledWhileWaiting_ThrowsAndGivesNoSlotAway()
    {
        var scheduler = Scheduler(uploads: 1);
        var first = await scheduler.AcquireUploadAsync(Endpoint, "a", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = scheduler.AcquireUploadAsync(Endpoint, "b", cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        first.Dispose();
        first.Dispose();
        var load = scheduler.LoadOf(Endpoint);
        Assert.Equal((0, 0), (load.UploadsInFlight, load.UploadsWaiting));
    }

    [Fact]
    public async Task AcquireUploadAsync_OtherEndpointFull_DoesNotWait()
    {
        var scheduler = Scheduler(uploads: 1);
        _ = await scheduler.AcquireUploadAsync(Endpoint, "a", CancellationToken.None);
        var otherCredential = EndpointKey.For("http://127.0.0.1:1/v1", "secret-b");

        var lease = scheduler.AcquireUploadAsync(otherCredential, "b", CancellationToken.None);

        Assert.True(lease.IsCompletedSuccessfully);
        Assert.Equal(1, scheduler.LoadOf(otherCredential).UploadsInFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
