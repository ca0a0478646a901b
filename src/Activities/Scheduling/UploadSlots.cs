namespace BatchInfer.Activities.Scheduling;

/// <summary>
/// Upload slots of one endpoint. A freed slot goes straight to the waiter whose task holds the fewest uploads,
/// the longest-waiting one on a tie, so a task with hundreds of chunks cannot keep a small task waiting.
/// Not thread-safe: <see cref="FairScheduler"/> holds its lock around every call.
/// </summary>
internal sealed class UploadSlots(int capacity)
{
    private readonly SlotPool _pool = new(capacity);
    private readonly List<UploadWaiter> _waiters = [];

    public int InFlight => _pool.InFlight;

    public int Waiting => _waiters.Count;

    public bool TryTake(string taskId)
    {
        // Free slots only exist while nobody waits: a release hands its slot over directly.
        if (_waiters.Count > 0 || _pool.InFlight >= _pool.Capacity)
        {
            return false;
        }
        _pool.Take(taskId);
        return true;
    }

    public void Enqueue(UploadWaiter waiter) => _waiters.Add(waiter);

    public bool Remove(UploadWaiter waiter) => _waiters.Remove(waiter);

    /// <summary>Returns a slot; hands it to the best waiter, if any, and returns that waiter.</summary>
    public UploadWaiter? Return(string taskId)
    {
        _pool.Return(taskId);
        if (_waiters.Count == 0)
        {
            return null;
        }
        var best = _waiters.MinBy(w => (_pool.HeldBy(w.TaskId), w.Sequence))!;
        _waiters.Remove(best);
        _pool.Take(best.TaskId);
        return best;
    }
}

/// <summary>A task waiting for an upload slot; completed when a slot is handed to it.</summary>
internal sealed class UploadWaiter(string taskId, long sequence)
{
    public string TaskId { get; } = taskId;

    public long Sequence { get; } = sequence;

    public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
