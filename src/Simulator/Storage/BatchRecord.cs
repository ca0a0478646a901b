namespace BatchInfer.Simulator.Storage;

internal enum BatchFate
{
    Normal,
    Fail,
    Expire,
}

/// <summary>One batch's mutable state; every read and write goes through its lock.</summary>
internal sealed class BatchRecord
{
    public const string TaskKey = "batch_infer_task";
    public const string RoundKey = "batch_infer_round";
    public const string ChunkKey = "batch_infer_chunk";

    private readonly Lock _lock = new();
    private string _status = BatchStatuses.Validating;
    private readonly Dictionary<string, long> _timestamps = new(StringComparer.Ordinal);
    private string? _outputFileId;
    private string? _errorFileId;
    private int _total;
    private int _completed;
    private int _failed;
    private (string Code, string Message)? _error;

    public required string Id { get; init; }

    public required StoredFile InputFile { get; init; }

    public required string Endpoint { get; init; }

    public required string CompletionWindow { get; init; }

    public required IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public required long CreatedAt { get; init; }

    public required BatchFate Fate { get; init; }

    /// <summary>Signalled by POST /cancel; processing stops at the next record.</summary>
    public CancellationTokenSource CancelRequested { get; } = new();

    public string? Task => Metadata?.GetValueOrDefault(TaskKey);

    public string? Round => Metadata?.GetValueOrDefault(RoundKey);

    public string TagKey => Task is { } task ? $"{task}/{Round}/{Metadata?.GetValueOrDefault(ChunkKey)}" : "(untagged)";

    public string Status { get { lock (_lock) { return _status; } } }

    public void MoveTo(string status, long at)
    {
        lock (_lock)
        {
            _status = status;
            _timestamps[status] = at;
        }
    }

    /// <summary>Moves to cancelling unless the batch has already ended; returns whether a cancel is now under way.</summary>
    public bool TryBeginCancel(long at)
    {
        lock (_lock)
        {
            if (_status is BatchStatuses.Cancelling or BatchStatuses.Cancelled)
            {
                return true;
            }
            if (BatchStatuses.IsTerminal(_status))
            {
                return false;
            }
            _status = BatchStatuses.Cancelling;
            _timestamps[BatchStatuses.Cancelling] = at;
        }
        CancelRequested.Cancel();
        return true;
    }

    public void SetTotal(int total) { lock (_lock) { _total = total; } }

    public void CountCompleted() { lock (_lock) { _completed++; } }

    public void CountFailed() { lock (_lock) { _failed++; } }

    public void SetFiles(string? outputFileId, string? errorFileId)
    {
        lock (_lock)
        {
            _outputFileId = outputFileId;
            _errorFileId = errorFileId;
        }
    }

    public void SetError(string code, string message) { lock (_lock) { _error = (code, message); } }

    /// <summary>The spec's Batch object, with the status spelled the profile's way.</summary>
    public object ToJson(SimulatorProfile profile)
    {
        lock (_lock)
        {
            return new
            {
                id = Id,
                @object = "batch",
                endpoint = Endpoint,
                model = InputFile.Facts?.Model,
                errors = _error is { } e
                    ? new { @object = "list", data = new[] { new { code = e.Code, message = e.Message, param = (string?)null, line = (int?)null } } }
                    : null,
                input_file_id = InputFile.Id,
                completion_window = CompletionWindow,
                status = profile.Spell(_status),
                output_file_id = _outputFileId,
                error_file_id = _errorFileId,
                created_at = CreatedAt,
                in_progress_at = At(BatchStatuses.InProgress),
                expires_at = CreatedAt + (long)TimeSpan.FromHours(24).TotalSeconds,
                finalizing_at = At(BatchStatuses.Finalizing),
                completed_at = At(BatchStatuses.Completed),
                failed_at = At(BatchStatuses.Failed),
                expired_at = At(BatchStatuses.Expired),
                cancelling_at = At(BatchStatuses.Cancelling),
                cancelled_at = At(BatchStatuses.Cancelled),
                request_counts = new { total = _total, completed = _completed, failed = _failed },
                metadata = Metadata,
            };
        }
    }

    private long? At(string status) => _timestamps.TryGetValue(status, out var at) ? at : null;
}
