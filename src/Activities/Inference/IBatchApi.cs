namespace BatchInfer.Activities.Inference;

/// <summary>An OpenAI-compatible Batch API (files + batches), as described in docs/providers.md.</summary>
public interface IBatchApi
{
    /// <summary>Uploads a JSONL file with purpose=batch; returns the remote file id.</summary>
    Task<string> UploadFileAsync(string path, string fileName, CancellationToken cancellationToken);

    Task<RemoteBatch> CreateBatchAsync(string inputFileId, BatchTag tag, string completionWindow, CancellationToken cancellationToken);

    Task<RemoteBatch> GetBatchAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>Streams a file's content to <paramref name="destinationPath"/>, written to a temporary name and renamed.</summary>
    Task DownloadFileAsync(string fileId, string destinationPath, CancellationToken cancellationToken);

    Task<RemoteBatch> CancelBatchAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>All batches visible to the credential, newest first, following pagination.</summary>
    IAsyncEnumerable<RemoteBatch> ListBatchesAsync(CancellationToken cancellationToken);
}

/// <summary>Creates a client for one endpoint and credential (tasks may use different ones).</summary>
public interface IBatchApiFactory
{
    IBatchApi Create(BatchEndpoint endpoint);
}

/// <summary>Where and as whom to call. <see cref="ToString"/> hides the password.</summary>
public sealed record BatchEndpoint(string BaseUrl, string Password, string Provider)
{
    public override string ToString() => $"BatchEndpoint {{ BaseUrl = {BaseUrl}, Provider = {Provider} }}";
}

/// <summary>The metadata every batch we create carries, so that a resumed task can find its batches again.</summary>
public sealed record BatchTag(string TaskId, int Round, int Chunk)
{
    public const string TaskIdKey = "batch_infer_task";
    public const string RoundKey = "batch_infer_round";
    public const string ChunkKey = "batch_infer_chunk";
}

public enum BatchState
{
    Pending,
    Running,
    Finalizing,
    Cancelling,
    Completed,
    Failed,
    Expired,
    Cancelled,
}

public static class BatchStateExtensions
{
    public static bool IsTerminal(this BatchState state) =>
        state is BatchState.Completed or BatchState.Failed or BatchState.Expired or BatchState.Cancelled;
}

public sealed record RequestCounts(int Total, int Completed, int Failed);

public sealed record RemoteBatch(
    string Id,
    BatchState State,
    string RawStatus,
    string? InputFileId,
    string? OutputFileId,
    string? ErrorFileId,
    BatchTag? Tag,
    RequestCounts? Counts,
    string? ErrorMessage,
    BatchTimes? Times = null);

/// <summary>When the provider says the batch was created, will expire and ended (Unix seconds on the wire); each may be absent.</summary>
public sealed record BatchTimes(DateTimeOffset? CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? EndedAt);

/// <summary>A Batch API call that failed after the HTTP resilience handler gave up, with a message that says what to fix.</summary>
public sealed class BatchApiException : Exception
{
    public BatchApiException(string message, int? statusCode, bool isPermanent, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        IsPermanent = isPermanent;
    }

    public BatchApiException() : this("Batch API call failed", null, false) { }

    public BatchApiException(string message) : this(message, null, false) { }

    public BatchApiException(string message, Exception inner) : this(message, null, false, inner) { }

    public int? StatusCode { get; }

    /// <summary>True when retrying cannot help (bad credential, bad request, unknown id).</summary>
    public bool IsPermanent { get; }

    /// <summary>The provider refused the call before doing any work (429): a create call that failed so made no batch.</summary>
    public bool Refused { get; init; }

    /// <summary>How long the provider asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
