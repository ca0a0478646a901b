using WorkflowCore.Models;

namespace BatchInfer.Host.Engine.Dispatch;

/// <summary>
/// Wake-ups cost no write: the instance is queued, and when the engine loads it under its lock the sleeping
/// pointers' sleep is cleared in the loaded copy, so the executor runs them now and persists what they decide.
/// A wake that arrives while the instance executes is applied on the run after, never lost to that run's save.
/// </summary>
internal sealed partial class InstanceDispatcher
{
    // Asked to wake; applied by the next load under a lock taken after the request.
    private readonly HashSet<string> _wakePending = new(StringComparer.Ordinal);

    // Locked by a holder that must see the wake when it loads the instance.
    private readonly HashSet<string> _waking = new(StringComparer.Ordinal);

    public void Wake(string workflowId)
    {
        lock (_gate)
        {
            _wakePending.Add(workflowId);
        }
        QueueWorkflow(workflowId);
    }

    /// <summary>Called by the store for every instance it loads; cuts the sleep short when a wake is due.</summary>
    public void ApplyWake(WorkflowInstance instance)
    {
        lock (_gate)
        {
            if (!_waking.Contains(instance.Id))
            {
                return;
            }
        }
        foreach (var pointer in instance.ExecutionPointers)
        {
            if (pointer.Active && pointer.Status == PointerStatus.Sleeping)
            {
                pointer.SleepUntil = null;
            }
        }
    }

    private void StartApplyingWake(string id)
    {
        if (_wakePending.Remove(id))
        {
            _waking.Add(id);
        }
    }

    private void StopApplyingWake(string id) => _waking.Remove(id);
}
