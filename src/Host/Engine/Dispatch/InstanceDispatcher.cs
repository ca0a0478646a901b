using BatchInfer.Activities.Workflows;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine.Dispatch;

/// <summary>
/// The engine's queue, locks and wake-ups in one process (one daemon per state database, behind .daemon.lock).
/// It replaces WorkflowCore's single-node queue and lock providers because of how the queue consumer treats an
/// instance that is still executing: it puts it straight back and dequeues it again, a loop that burns a core for
/// as long as the step runs (docs/engine.md). Here an instance asked for while it executes is held back and queued
/// once when its lock is released; an instance waiting in the queue is not queued twice; one the consumer hands back
/// unrun is offered again after a short, growing delay.
/// </summary>
internal sealed partial class InstanceDispatcher(TimeProvider time) : IQueueProvider, IDistributedLockProvider, IWorkflowWaker
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);

    // Workflow ids asked for while they executed: queued again once their lock is released.
    private readonly HashSet<string> _askedWhileLocked = new(StringComparer.Ordinal);

    public Task<bool> AcquireLock(string Id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_locked.Add(Id))
            {
                // The engine drops an instance it cannot lock; remembering it means the holder's release runs it.
                _askedWhileLocked.Add(Id);
                return Task.FromResult(false);
            }
            _handedOut.Remove(Id);
            StartApplyingWake(Id);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseLock(string Id)
    {
        bool again;
        lock (_gate)
        {
            _locked.Remove(Id);
            StopApplyingWake(Id);
            again = _askedWhileLocked.Remove(Id);
        }
        if (again)
        {
            QueueWorkflow(Id);
        }
        return Task.CompletedTask;
    }

    public Task Start() => Task.CompletedTask;

    public Task Stop() => Task.CompletedTask;
}
