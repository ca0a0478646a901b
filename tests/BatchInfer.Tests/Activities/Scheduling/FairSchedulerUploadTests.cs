using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.Workflows;

namespace BatchInfer.Tests.Activities.Scheduling;

public sealed class FairSchedulerUploadTests
{
    private static readonly EndpointKey Endpoint = EndpointKey.For("http://127.0.0.1:1/v1", "secret-a");
    private readonly RecordingWaker _waker = new();

    private FairScheduler Scheduler(int uploads = 4) =>
        new(new SchedulerOptions { UploadsPerEndpoint = uploads }, TimeProvider.System, waker: _waker);

    private static BatchTag Chunk(string task, int chunk) => new(task, 0, chunk);

    private static UploadLease? Ask(FairScheduler scheduler, string task, int chunk) =>
        scheduler.TryReserveUpload(Endpoint, Chunk(task, chunk), $"wf-{task}-{chunk}");

    [Fact]
    public async Task TryReserveUpload_ConcurrentAsks_NeverMoreInFlightThanTheCap()
    {
        var scheduler = Scheduler(uploads: 3);
        var start = new TaskCompletionSource();

        var asks = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return Ask(scheduler, $"task-{i % 4}", i);
        })).ToList();
        start.SetResult();
        var leases = await Task.WhenAll(asks);

        Assert.Equal(3, leases.Count(l => l is not null));
        Assert.Equal(3, scheduler.LoadOf(Endpoint).UploadsInFlight);
        foreach (var lease in leases)
        {
            lease?.Dispose();
        }
        Assert.Equal(0, scheduler.LoadOf(Endpoint).UploadsInFlight);
    }

    [Fact]
    public void TryReserveUpload_BigTaskWaitingFirst_ReleaseWakesTheSmallTaskWhichGetsTheSlot()
    {
        var scheduler = Scheduler(uploads: 2);
        var held = new[] { Ask(scheduler, "big", 0)!, Ask(scheduler, "big", 1)! };
        for (var chunk = 2; chunk < 52; chunk++)
        {
            Assert.Null(Ask(scheduler, "big", chunk));
        }
        Assert.Null(Ask(scheduler, "small", 0));
        Assert.Equal(51, scheduler.LoadOf(Endpoint).UploadsWaiting);

        held[0].Dispose();

        Assert.Equal(["wf-small-0"], _waker.Woken);
        Assert.Null(Ask(scheduler, "big", 2));
        Assert.NotNull(Ask(scheduler, "small", 0));
        Assert.Equal(50, scheduler.LoadOf(Endpoint).UploadsWaiting);
    }

    [Fact]
    public void TryReserveUpload_EqualHoldings_ReleaseWakesTheLongestWaiting()
    {
        var scheduler = Scheduler(uploads: 1);
        var first = Ask(scheduler, "a", 0)!;
        Assert.Null(Ask(scheduler, "b", 0));
        Assert.Null(Ask(scheduler, "c", 0));

        first.Dispose();
        first.Dispose();

        Assert.Equal(["wf-b-0"], _waker.Woken);
        Assert.Null(Ask(scheduler, "c", 0));
        Assert.NotNull(Ask(scheduler, "b", 0));
    }

    [Fact]
    public void TryReserveUpload_NobodyWaits_ReleaseWakesNobody()
    {
        var scheduler = Scheduler(uploads: 1);

        Ask(scheduler, "a", 0)!.Dispose();

        Assert.Empty(_waker.Woken);
        Assert.Equal((0, 0), (scheduler.LoadOf(Endpoint).UploadsInFlight, scheduler.LoadOf(Endpoint).UploadsWaiting));
    }

    [Fact]
    public void TryReserveUpload_OtherEndpointFull_StillGranted()
    {
        var scheduler = Scheduler(uploads: 1);
        Assert.NotNull(Ask(scheduler, "a", 0));
        var otherCredential = EndpointKey.For("http://127.0.0.1:1/v1", "secret-b");

        Assert.NotNull(scheduler.TryReserveUpload(otherCredential, Chunk("b", 0)));
        Assert.Equal(1, scheduler.LoadOf(otherCredential).UploadsInFlight);
    }

    [Fact]
    public async Task Withdraw_CancelledWaiterRankedFirst_NextInLineWokenAndGranted()
    {
        var scheduler = Scheduler(uploads: 1);
        var held = Ask(scheduler, "big", 0);
        Assert.Null(Ask(scheduler, "gone", 0));
        Assert.Null(Ask(scheduler, "big", 1));
        await held!.DisposeAsync();
        Assert.Equal(["wf-gone-0"], _waker.Woken);
        // The cancelled task's chunk ranked first and held the free slot back from the big task's chunk.
        Assert.Null(Ask(scheduler, "big", 1));

        scheduler.Withdraw(Endpoint, Chunk("gone", 0));

        Assert.Equal(["wf-gone-0", "wf-big-1"], _waker.Woken);
        Assert.NotNull(Ask(scheduler, "big", 1));
    }

    [Fact]
    public void Withdraw_ChunkThatNeverWaited_WakesNobody()
    {
        var scheduler = Scheduler(uploads: 1);
        Assert.NotNull(Ask(scheduler, "a", 0));
        Assert.Null(Ask(scheduler, "a", 1));

        scheduler.Withdraw(Endpoint, Chunk("b", 0));

        Assert.Empty(_waker.Woken);
    }

    private sealed class RecordingWaker : IWorkflowWaker
    {
        public List<string> Woken { get; } = [];

        public void Wake(string workflowId) => Woken.Add(workflowId);
    }
}
