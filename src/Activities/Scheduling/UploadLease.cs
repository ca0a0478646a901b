namespace BatchInfer.Activities.Scheduling;

/// <summary>One upload slot; disposing it (once or more) gives the slot back.</summary>
public sealed class UploadLease : IAsyncDisposable, IDisposable
{
    private readonly FairScheduler _scheduler;
    private int _released;

    internal UploadLease(FairScheduler scheduler, EndpointKey endpoint, string taskId)
    {
        _scheduler = scheduler;
        Endpoint = endpoint;
        TaskId = taskId;
    }

    public EndpointKey Endpoint { get; }

    public string TaskId { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _scheduler.ReleaseUpload(Endpoint, TaskId);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
