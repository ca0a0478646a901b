using System.Collections.Concurrent;
using BatchInfer.Activities.Workflows;

namespace BatchInfer.Activities.Runtime;

/// <summary>The runtimes of the tasks this process hosts; a step whose task is not registered yet sleeps until it is.</summary>
public sealed class TaskRuntimeRegistry(IWorkflowWaker? waker = null)
{
    private readonly ConcurrentDictionary<string, TaskRuntime> _runtimes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _waiting = new(StringComparer.Ordinal);

    public void Register(TaskRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtimes[runtime.TaskId] = runtime;
        HashSet<string>? waiting;
        lock (_lock)
        {
            _waiting.Remove(runtime.TaskId, out waiting);
        }
        foreach (var workflowId in waiting ?? [])
        {
            waker?.Wake(workflowId);
        }
    }

    public TaskRuntime? Find(string taskId) => _runtimes.GetValueOrDefault(taskId);

    /// <summary>The task's runtime, or null after noting <paramref name="workflowId"/> to be woken when it is registered.</summary>
    public TaskRuntime? FindOrWaitFor(string taskId, string workflowId)
    {
        lock (_lock)
        {
            // Under the lock, so that a registration cannot slip between the look-up and the note.
            if (Find(taskId) is { } runtime)
            {
                return runtime;
            }
            if (!_waiting.TryGetValue(taskId, out var ids))
            {
                _waiting[taskId] = ids = new HashSet<string>(StringComparer.Ordinal);
            }
            ids.Add(workflowId);
            return null;
        }
    }
}
