using System.Threading.Channels;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine.Dispatch;

internal sealed partial class InstanceDispatcher
{
    // The consumer counts an instance as active until a moment after it released its lock (it records errors and
    // queues the next step first); an instance handed out in that moment comes straight back. It is offered again
    // after a delay that starts at a millisecond and doubles while it keeps coming back.
    private static readonly TimeSpan MaxBounceDelay = TimeSpan.FromMilliseconds(50);

    private readonly Channel<string> _workflows = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    // Workflow ids waiting in _workflows, so that an instance is never in the queue twice.
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);

    // Workflow ids handed to the consumer and not locked yet, with how often they came back unlocked.
    private readonly Dictionary<string, int> _handedOut = new(StringComparer.Ordinal);

    private long _handOuts;

    /// <summary>Dequeueing waits for work without a timeout: an idle engine wakes for nothing.</summary>
    public bool IsDequeueBlocking => true;

    /// <summary>How many times an instance was handed to the engine's consumer (for tests and figures).</summary>
    public long HandOuts => Interlocked.Read(ref _handOuts);

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
                _handedOut.TryAdd(id, 0);
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
            // Handed out and not locked: the consumer is bouncing it back, or runs it in a moment (then it is locked by the
            // time it is offered again, and the ask is kept for after the run).
            if (!_locked.Contains(id) && _handedOut.TryGetValue(id, out var bounces))
            {
                _handedOut[id] = bounces + 1;
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBounceDelay.TotalMilliseconds, 1 << Math.Min(bounces, 10)));
                _ = Task.Delay(delay, time).ContinueWith(_ => OfferAgain(id), TaskScheduler.Default);
                return;
            }
            EnqueueLocked(id);
        }
    }

    private void OfferAgain(string id)
    {
        lock (_gate)
        {
            EnqueueLocked(id);
        }
    }

    // Under _gate: an instance that executes runs again after its release; one already in the queue is not queued twice.
    private void EnqueueLocked(string id)
    {
        if (_locked.Contains(id))
        {
            _askedWhileLocked.Add(id);
        }
        else if (_queued.Add(id))
        {
            _workflows.Writer.TryWrite(id);
        }
    }
}
