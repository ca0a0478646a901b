using System.Collections.Concurrent;

namespace BatchInfer.Activities.Runtime;

/// <summary>The runtimes of the tasks this process hosts; a step whose task is not registered yet waits.</summary>
public sealed class TaskRuntimeRegistry
{
    private readonly ConcurrentDictionary<string, TaskRuntime> _runtimes = new(StringComparer.Ordinal);

    public void Register(TaskRuntime runtime) => _runtimes[runtime.TaskId] = runtime;

    public TaskRuntime? Find(string taskId) => _runtimes.GetValueOrDefault(taskId);
}
