using BatchInfer.Host.Engine.Dispatch;
using WorkflowCore.Interface;

namespace BatchInfer.Tests.Host.Engine.Dispatch;

public sealed class InstanceDispatcherTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly InstanceDispatcher _dispatcher = new(TimeProvider.System);

    [Fact]
    public async Task QueueWork_SameInstanceTwiceBeforeDequeue_HandedOutOnce()
    {
        await _dispatcher.QueueWork("a", QueueType.Workflow);
        await _dispatcher.QueueWork("a", QueueType.Workflow);
        await _dispatcher.QueueWork("b", QueueType.Workflow);

        Assert.Equal("a", await Dequeue());
        Assert.Equal("b", await Dequeue());
        Assert.False(await HasMoreAsync());
    }

    [Fact]
    public async Task QueueWork_WhileLocked_HandedOutOnceAfterRelease()
    {
        await _dispatcher.QueueWork("a", QueueType.Workflow);
        Assert.Equal("a", await Dequeue());
        Assert.True(await _dispatcher.AcquireLock("a", CancellationToken.None));

        await _dispatcher.QueueWork("a", QueueType.Workflow);
        await _dispatcher.QueueWork("a", QueueType.Workflow);
        Assert.False(await HasMoreAsync());

        await _dispatcher.ReleaseLock("a");
        Assert.Equal("a", await Dequeue());
        Assert.False(await HasMoreAsync());
    }

    [Fact]
    public async Task AcquireLock_HeldElsewhere_RefusedAndRunAfterTheHolderReleases()
    {
        Assert.True(await _dispatcher.AcquireLock("a", CancellationToken.None));
        Assert.False(await _dispatcher.AcquireLock("a", CancellationToken.None));

        await _dispatcher.ReleaseLock("a");

        Assert.Equal("a", await Dequeue());
    }

    [Fact]
    public async Task QueueWork_IndexQueue_Dropped()
    {
        await _dispatcher.QueueWork("a", QueueType.Index);

        Assert.False(await HasMoreAsync());
    }

    public void Dispose() => _dispatcher.Dispose();

    private Task<string> Dequeue() => _dispatcher.DequeueWork(QueueType.Workflow, CancellationToken.None).WaitAsync(Timeout);

    // Longer than the delay with which a bounced instance is offered again.
    private async Task<bool> HasMoreAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            await _dispatcher.DequeueWork(QueueType.Workflow, wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
