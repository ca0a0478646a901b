using System.Threading.Channels;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine.Dispatch;

internal sealed partial class InstanceDispatcher
{
    // After releasing an instance's lock the consumer still counts it as active for a moment (it records errors and
    // schedules the next run first); an instance handed out then would come straight back. It is queued a little later.
    internal static readonly TimeSpan LetGoDelay = TimeSpan.FromMilliseconds(50);

    private readonly Channel<string> _workflows = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    // Workflow ids waiting in _workflows, so that an instance is never in the queue twice.
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);

    // Workflow ids handed to the consumer and not locked yet, with the time they were handed out.
    private readonly Dictionary<string, long> _handedOut = new(StringComparer.Ordinal);

    /// <summary>Dequeueing waits for work without a timeout: an idle engine wakes for nothing.</summary>
    public bool IsDequeueBlocking => true;

    /// <summary>How many times an instance was handed to the engine's consumer (for tests and figures).</summary>
    public long HandOuts => Interlocked.Read(ref _handOuts);

    private long _handOuts;

    public Task QueueWork(string id, QueueType queue)
    {
        switch (queue)
        {
            case QueueType.Workflow:
                QueueWorkflow(id);
                break;
            case QueueType.Event:
                _events.Writer.TryWrite(id);
                break;
            default:
                // No search index is configured (indexing is off): the index consumer would only load the instance again.
                break;
        }
        return Task.CompletedTask;
    }

    public async Task<string> DequeueWork(QueueType queue, CancellationToken cancellationToken)
    {
        if (queue == QueueType.Event)
        {
            return await _events.Reader.ReadAsync(cancellationToken);
        }
        if (queue != QueueType.Workflow)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        while (true)
        {
            var id = await _workflows.Reader.ReadAsync(cancellationToken);
            lock (_gate)
            {
                _queued.Remove(id);
                if (_locked.Contains(id))
                {
                    _askedWhileLocked.Add(id);
                    continue;
                }
                _handedOut[id] = time.GetTimestamp();
                Interlocked.Increment(ref _handOuts);
                return id;
            }
        }
    }

    public void Dispose()
    {
        _workflows.Writer.TryComplete();
        _events.Writer.TryComplete();
    }

    private void QueueWorkflow(string id)
    {
        lock (_gate)
        {
            if (_locked.Contains(id))
            {
                _askedWhileLocked.Add(id);
                return;
            }
            // Asked for again right after it was handed out and before it was locked: the consumer still runs it (or is
            // bouncing it back); coming back a moment later it is locked (and run after) or handed out for real.
            if (_handedOut.TryGetValue(id, out var handedOutAt) && time.GetElapsedTime(handedOutAt) < LetGoDelay)
            {
                QueueAfterConsumerLetGo(id);
                return;
            }
            if (_queued.Add(id))
            {
                _workflows.Writer.TryWrite(id);
            }
        }
    }

    private void QueueAfterConsumerLetGo(string id) =>
        _ = Task.Delay(LetGoDelay, time).ContinueWith(_ => QueueWorkflow(id), TaskScheduler.Default);
}
