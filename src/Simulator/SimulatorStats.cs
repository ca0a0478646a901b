namespace BatchInfer.Simulator;

/// <summary>What the simulator did, for assertions (live; also served as GET /_simulator/stats).</summary>
public sealed class SimulatorStats
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _batchesByTag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _batchesByFinalState = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Task, string Round), ProcessedIds> _processed = [];
    private int _filesUploaded;
    private int _batchesCreated;
    private long _recordsProcessed;
    private long _duplicates;
    private long _apiCalls;

    public int FilesUploaded { get { lock (_lock) { return _filesUploaded; } } }

    public int BatchesCreated { get { lock (_lock) { return _batchesCreated; } } }

    public long RecordsProcessed { get { lock (_lock) { return _recordsProcessed; } } }

    /// <summary>(task, round, custom_id) processed more than once across batches: paid-for work done twice. Should stay 0.</summary>
    public long Duplicates { get { lock (_lock) { return _duplicates; } } }

    public long ApiCalls { get { lock (_lock) { return _apiCalls; } } }

    /// <summary>Batches created per tag "task/round/chunk" (from our metadata keys; "(untagged)" otherwise).</summary>
    public IReadOnlyDictionary<string, int> BatchesByTag { get { lock (_lock) { return new Dictionary<string, int>(_batchesByTag); } } }

    /// <summary>Batches per terminal status (spec spelling: completed, failed, expired, cancelled).</summary>
    public IReadOnlyDictionary<string, int> BatchesByFinalState { get { lock (_lock) { return new Dictionary<string, int>(_batchesByFinalState); } } }

    /// <summary>Injected HTTP faults per <see cref="FaultKind"/> name.</summary>
    public IReadOnlyDictionary<string, int> FaultsInjected { get { lock (_lock) { return new Dictionary<string, int>(_faults); } } }

    public SimulatorStatsSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new SimulatorStatsSnapshot(
                _filesUploaded,
                _batchesCreated,
                new Dictionary<string, int>(_batchesByTag),
                new Dictionary<string, int>(_batchesByFinalState),
                _recordsProcessed,
                _duplicates,
                _apiCalls,
                new Dictionary<string, int>(_faults));
        }
    }

    internal void ApiCalled() { lock (_lock) { _apiCalls++; } }

    internal void FileUploaded() { lock (_lock) { _filesUploaded++; } }

    internal void BatchCreated(string tag)
    {
        lock (_lock)
        {
            _batchesCreated++;
            _batchesByTag[tag] = _batchesByTag.GetValueOrDefault(tag) + 1;
        }
    }

    internal void BatchEnded(string status) { lock (_lock) { _batchesByFinalState[status] = _batchesByFinalState.GetValueOrDefault(status) + 1; } }

    internal void FaultInjected(FaultKind kind)
    {
        lock (_lock)
        {
            var name = kind.ToString();
            _faults[name] = _faults.GetValueOrDefault(name) + 1;
        }
    }

    /// <summary>Counts a record as processed; one seen before under the same task and round is a duplicate.</summary>
    internal void RecordProcessed(string? task, string? round, string customId)
    {
        lock (_lock)
        {
            _recordsProcessed++;
            if (task is null || round is null)
            {
                return;
            }
            if (!_processed.TryGetValue((task, round), out var ids))
            {
                _processed[(task, round)] = ids = new ProcessedIds();
            }
            if (!ids.Add(customId))
            {
                _duplicates++;
            }
        }
    }
}

public sealed record SimulatorStatsSnapshot(
    int FilesUploaded,
    int BatchesCreated,
    IReadOnlyDictionary<string, int> BatchesByTag,
    IReadOnlyDictionary<string, int> BatchesByFinalState,
    long RecordsProcessed,
    long Duplicates,
    long ApiCalls,
    IReadOnlyDictionary<string, int> FaultsInjected);
