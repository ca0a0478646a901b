namespace BatchInfer.Activities.Tasks;

/// <summary>
/// Tells whoever follows a task (the API's event stream, the studio) that its rows changed, so that progress is pushed
/// as it happens instead of read on a timer. Each task has a version; waiting for a version later than the one seen
/// cannot miss a change made between the read and the wait. <see cref="AnyTask"/> is the version of every change, for
/// views of all tasks.
/// </summary>
public sealed class TaskChangeFeed
{
    /// <summary>The name under which every change is counted as well (no task id contains a space).</summary>
    public const string AnyTask = "* any task";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskVersion> _tasks = new(StringComparer.Ordinal);

    public long VersionOf(string taskId)
    {
        lock (_lock)
        {
            return Of(taskId).Version;
        }
    }

    public void Changed(string taskId)
    {
        TaskCompletionSource changed, anyChanged;
        lock (_lock)
        {
            changed = Advance(Of(taskId));
            anyChanged = Advance(Of(AnyTask));
        }
        changed.SetResult();
        anyChanged.SetResult();
    }

    /// <summary>Completes once the task's version is past <paramref name="seen"/>.</summary>
    public Task WaitPastAsync(string taskId, long seen, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var task = Of(taskId);
            return task.Version > seen ? Task.CompletedTask : task.Next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Waits until <paramref name="key"/> is past <paramref name="seen"/>, then <paramref name="coalesce"/> more so that a
    /// burst of changes is seen as one; or, when nothing changes, for <paramref name="heartbeat"/>.
    /// </summary>
    public async Task WaitForChangeAsync(string key, long seen, TimeSpan heartbeat, TimeSpan coalesce, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await WaitPastAsync(key, seen, cancellationToken).WaitAsync(heartbeat, time, cancellationToken);
            await Task.Delay(coalesce, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing changed: the heartbeat.
        }
    }

    private static TaskCompletionSource Advance(TaskVersion task)
    {
        var changed = task.Next;
        task.Version++;
        task.Next = NewSignal();
        return changed;
    }

    private TaskVersion Of(string taskId) =>
        _tasks.TryGetValue(taskId, out var task) ? task : _tasks[taskId] = new TaskVersion { Next = NewSignal() };

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class TaskVersion
    {
        public long Version { get; set; }

        public required TaskCompletionSource Next { get; set; }
    }
}
