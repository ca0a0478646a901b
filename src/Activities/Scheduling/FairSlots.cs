using BatchInfer.Activities.Inference;

namespace BatchInfer.Activities.Scheduling;

/// <summary>
/// Slots of one kind (uploads or batches) on one endpoint, each held by one chunk (its tag). Steps do not wait on a
/// thread: they ask, and sleep when refused, so the waiters here are remembered requests. A free slot goes to the
/// task holding the fewest (the longest-waiting on a tie); a release names the waiters that may now be granted, so
/// they can be woken, and a waiter that stops asking is forgotten after a while. Not thread-safe: the scheduler locks.
/// </summary>
internal sealed class FairSlots(int capacity)
{
    private readonly SlotPool _pool = new(capacity);
    private readonly HashSet<BatchTag> _held = [];
    private readonly Dictionary<BatchTag, Waiter> _waiters = [];

    public int InFlight => _pool.InFlight;

    public int Waiting => _waiters.Count;

    public IReadOnlyDictionary<string, int> HeldByTask => _pool.HeldByTask;

    /// <summary>Counts a slot without asking (a batch that exists already).</summary>
    public void Hold(BatchTag tag)
    {
        _waiters.Remove(tag);
        if (_held.Add(tag))
        {
            _pool.Take(tag.TaskId);
        }
    }

    /// <summary>Gives the slot back; returns the workflow instances of the waiters that may take the free slots now.</summary>
    public IReadOnlyList<string> Release(BatchTag tag, UnclaimedBatches unclaimed)
    {
        if (!_held.Remove(tag))
        {
            return [];
        }
        _pool.Return(tag.TaskId);
        return FirstInLine(unclaimed);
    }

    /// <summary>
    /// Forgets a waiter that no longer wants a slot (its task was cancelled); returns the waiters that may take the free
    /// slots now, since one that ranked before them held them back.
    /// </summary>
    public IReadOnlyList<string> Withdraw(BatchTag tag, UnclaimedBatches unclaimed) =>
        _waiters.Remove(tag) ? FirstInLine(unclaimed) : [];

    private IReadOnlyList<string> FirstInLine(UnclaimedBatches unclaimed)
    {
        var free = Free(unclaimed);
        return free <= 0
            ? []
            : [.. _waiters.Values.OrderBy(w => Rank(w, unclaimed)).Take(free).Select(w => w.WorkflowId).OfType<string>()];
    }

    /// <param name="workflowId">The asking step's instance, woken by a release that may let it in.</param>
    /// <param name="unclaimed">Slots recovered from the state tables whose task has not named its endpoint yet.</param>
    public bool TryReserve(BatchTag tag, string? workflowId, Func<long> nextSequence, DateTimeOffset now, TimeSpan expiry, UnclaimedBatches unclaimed)
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
            me = new Waiter(tag.TaskId, nextSequence());
            _waiters[tag] = me;
        }
        me.LastAsked = now;
        me.WorkflowId = workflowId;

        var free = Free(unclaimed);
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

    private int Free(UnclaimedBatches unclaimed) => _pool.Capacity - _pool.InFlight - unclaimed.Total;

    private (int Held, long Sequence) Rank(Waiter waiter, UnclaimedBatches unclaimed) =>
        (_pool.HeldBy(waiter.TaskId) + unclaimed.Of(waiter.TaskId), waiter.Sequence);

    private sealed class Waiter(string taskId, long sequence)
    {
        public string TaskId { get; } = taskId;

        public long Sequence { get; } = sequence;

        public DateTimeOffset LastAsked { get; set; }

        public string? WorkflowId { get; set; }
    }
}
