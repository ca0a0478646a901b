namespace BatchInfer.Simulator.Storage;

internal sealed class BatchStore
{
    private readonly Lock _lock = new();
    private readonly List<BatchRecord> _newestLast = [];
    private readonly Dictionary<string, BatchRecord> _byId = new(StringComparer.Ordinal);

    public int Count { get { lock (_lock) { return _newestLast.Count; } } }

    public void Add(BatchRecord batch)
    {
        lock (_lock)
        {
            _newestLast.Add(batch);
            _byId[batch.Id] = batch;
        }
    }

    public BatchRecord? Get(string id)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>A page of batches, newest first, starting after the batch <paramref name="after"/>; null if that id is unknown.</summary>
    public (List<BatchRecord> Page, bool HasMore)? List(int limit, string? after)
    {
        lock (_lock)
        {
            var start = _newestLast.Count - 1;
            if (after is not null)
            {
                var index = _newestLast.FindIndex(b => b.Id == after);
                if (index < 0)
                {
                    return null;
                }
                start = index - 1;
            }
            var page = new List<BatchRecord>(Math.Min(limit, start + 1));
            for (var i = start; i >= 0 && page.Count < limit; i--)
            {
                page.Add(_newestLast[i]);
            }
            var lastIndex = start - page.Count;
            return (page, lastIndex >= 0);
        }
    }
}
