using BatchInfer.Activities.Inference;

namespace BatchInfer.Activities.Scheduling;

/// <summary>One upload slot; disposing it (once or more) gives the slot back.</summary>
public sealed class UploadLease : IAsyncDisposable, IDisposable
{
    private readonly FairScheduler _scheduler;
    private int _released;

    internal UploadLease(FairScheduler scheduler, EndpointKey endpoint, BatchTag chunk)
    {
        _scheduler = scheduler;
        Endpoint = endpoint;
        Chunk = chunk;
    }

    public EndpointKey Endpoint { get; }

    public BatchTag Chunk { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _scheduler.ReleaseUpload(Endpoint, Chunk);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
