using BatchInfer.Activities.Inference;

namespace BatchInfer.Activities.Scheduling;

/// <summary>
/// Batch slots of one endpoint, each held by one chunk (its tag) from the create call until the chunk is
/// collected. Submit steps do not wait on a thread: they ask, and sleep when refused, so the waiters here
/// are remembered requests; a free slot goes to the task holding the fewest batches (the longest-waiting on
/// a tie), and a waiter that stops asking is forgotten after a while. Not thread-safe: the scheduler locks.
/// </summary>
internal sealed class BatchSlots(int capacity)
{
    private readonly SlotPool _pool = new(capacity);
    private readonly HashSet<BatchTag> _held = [];
    private readonly Dictionary<BatchTag, BatchWaiter> _waiters = [];

    public int InFlight => _pool.InFlight;

    public int Waiting => _waiters.Count;

    public IReadOnlyDictionary<string, int> HeldByTask => _pool.HeldByTask;

    public bool Holds(BatchTag tag) => _held.Contains(tag);

    /// <summary>Counts a slot without asking (a batch that exists already).</summary>
    public void Hold(BatchTag tag)
    {
        _waiters.Remove(tag);
        if (_held.Add(tag))
        {
            _pool.Take(tag.TaskId);
        }
    }

    public bool Release(BatchTag tag)
    {
        if (!_held.Remove(tag))
        {
            return false;
        }
        _pool.Return(tag.TaskId);
        return true;
    }

    /// <param name="unclaimed">Slots recovered from the state tables whose task has not named its endpoint yet.</param>
    public bool TryReserve(BatchTag tag, Func<long> nextSequence, DateTimeOffset now, TimeSpan expiry, UnclaimedBatches unclaimed)
    {
        if (_held.Contains(tag))
        {
            return true;
        }
        foreach (var gone in _waiters.Where(w => now - w.Value.LastAsked > expiry).Select(w => w.Key).ToList())
        {
            _waiters.Remove(gone);
        }
        if (!_waiters.TryGetValue(tag, out var me))
        {
            me = new BatchWaiter(tag.TaskId, nextSequence());
            _waiters[tag] = me;
        }
        me.LastAsked = now;

        var free = _pool.Capacity - _pool.InFlight - unclaimed.Total;
        if (free <= 0)
        {
            return false;
        }
        // Free slots are kept for the waiters of other tasks that rank before this one.
        var rank = Rank(me, unclaimed);
        var ahead = _waiters.Values.Count(w => w.TaskId != me.TaskId && Rank(w, unclaimed).CompareTo(rank) < 0);
        if (ahead >= free)
        {
            return false;
        }
        Hold(tag);
        return true;
    }

    private (int Held, long Sequence) Rank(BatchWaiter waiter, UnclaimedBatches unclaimed) =>
        (_pool.HeldBy(waiter.TaskId) + unclaimed.Of(waiter.TaskId), waiter.Sequence);

    private sealed class BatchWaiter(string taskId, long sequence)
    {
        public string TaskId { get; } = taskId;

        public long Sequence { get; } = sequence;

        public DateTimeOffset LastAsked { get; set; }
    }
}
