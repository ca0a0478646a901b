using BatchInfer.Activities.Inference;

namespace BatchInfer.Activities.State;

/// <summary>Where one chunk of one round stands. Order matters: a chunk only moves forward.</summary>
public enum ChunkPhase
{
    Pending = 0,
    Uploaded = 1,
    /// <summary>A create call was sent; on resume, look for the batch by its tag before creating another.</summary>
    Submitting = 2,
    Submitted = 3,
    /// <summary>The batch reached a terminal status; its files are being downloaded.</summary>
    Downloading = 4,
    /// <summary>Results are on disk; the round's reconciliation can read them.</summary>
    Collected = 5,
}

/// <summary>One chunk of one round (table <c>chunks</c>), with the remote ids recorded before moving on.</summary>
public sealed class ChunkEntity
{
    public required string TaskId { get; set; }

    public int Round { get; set; }

    public int Chunk { get; set; }

    public int Records { get; set; }

    public long Bytes { get; set; }

    public ChunkPhase Phase { get; set; }

    public string? WorkflowId { get; set; }

    public string? FileId { get; set; }

    public string? BatchId { get; set; }

    public BatchState? RemoteState { get; set; }

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }

    public int RemoteCompleted { get; set; }

    public int RemoteFailed { get; set; }

    public string? LastError { get; set; }

    /// <summary>The batch was asked to cancel once; polling goes on until it is terminal.</summary>
    public bool CancelSent { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the batch was created: the provider's created_at, or our clock when the create call returned.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>When the provider gives up on the batch: its expires_at, or the creation plus the completion window.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When the batch reached its terminal status: the provider's time for it, or our clock when a poll saw it.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public BatchTag Tag => new(TaskId, Round, Chunk);
}
