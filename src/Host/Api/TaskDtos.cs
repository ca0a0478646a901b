namespace BatchInfer.Host.Api;

// The read models of the HTTP API, the monitor and (later) the dashboard. Serialised in snake_case.
// A documented shape: add fields, never rename or remove one (scripts read `-monitor --json`).

/// <summary>One task at a glance.</summary>
/// <param name="Status">splitting | running | paused | awaiting_approval | merging | succeeded | finished_with_failures | cancelling | cancelled | blocked</param>
/// <param name="DefinitionVersion">the pipeline definition version the task runs, kept from its start (tasks.DefinitionVersion)</param>
public sealed record TaskSummaryDto(
    string TaskId,
    string Status,
    double Percent,
    RecordCountsDto Records,
    int Round,
    int MaxRound,
    ChunkCountsDto ChunksByState,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double ElapsedSeconds,
    double? ThroughputRecordsPerSecond,
    double? EtaSeconds,
    string? BlockedReason,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    TokensDto? Tokens = null,
    int DefinitionVersion = 1);

/// <summary>Tokens the provider reported for the answers reconciled so far (a round counts once it is reconciled).</summary>
public sealed record TokensDto(long Prompt, long Completion);

/// <param name="Pending">valid records not settled yet (total - succeeded - failed - missing)</param>
/// <param name="Answered">records the provider has answered in the running round; they settle when the round is reconciled</param>
public sealed record RecordCountsDto(long Total, long Succeeded, long Failed, long Missing, long Pending, long Invalid, long Answered = 0);

/// <summary>How many chunks of the current round are in each phase.</summary>
public sealed record ChunkCountsDto(int Pending, int Uploaded, int Submitted, int Running, int Downloading, int Collected);

/// <summary>A task with every chunk of every round.</summary>
public sealed record TaskDetailDto(TaskSummaryDto Summary, IReadOnlyList<ChunkDto> Chunks);

/// <param name="Phase">pending | uploaded | submitting | submitted | downloading | collected</param>
/// <param name="RemoteState">the provider's normalised status: pending | running | finalizing | cancelling | completed | failed | expired | cancelled</param>
/// <param name="SubmittedAt">when the batch was created (the provider's created_at, else when the create call returned)</param>
/// <param name="ExpiresAt">when the provider gives up on the batch (its expires_at, else the creation plus the completion window)</param>
/// <param name="EndedAt">when the batch reached its terminal status (the provider's time for it, else when a poll saw it)</param>
public sealed record ChunkDto(
    int Round,
    int Chunk,
    int Records,
    string Phase,
    string? RemoteState,
    string? BatchId,
    int Completed,
    int Failed,
    string? LastError,
    string? FileId = null,
    string? OutputFileId = null,
    string? ErrorFileId = null,
    DateTimeOffset? UpdatedAt = null,
    DateTimeOffset? SubmittedAt = null,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? EndedAt = null);

/// <summary>
/// The Studio's Overview: batches in flight, chunks failing lately, chunks whose batch has not moved for long, and chunks
/// whose batch expires soon.
/// </summary>
public sealed record ChunkHealthDto(
    int BatchesInFlight, int ChunksFailingLately, IReadOnlyList<TaskChunkDto> QuietBatches, IReadOnlyList<TaskChunkDto> ExpiringBatches);

/// <summary>A chunk and the task it belongs to.</summary>
public sealed record TaskChunkDto(string TaskId, ChunkDto Chunk);

/// <summary>A page of a task's journal, newest first.</summary>
/// <param name="NextBefore">pass as <c>before</c> for the next (older) page; null on the last page</param>
public sealed record JournalPageDto(string TaskId, IReadOnlyList<JournalEntryDto> Entries, long? NextBefore);

/// <param name="Kind">cancel | pause | resume | retry_failed | split | round_started | merge | finished | daemon_resumed | batch_created | batch_ended | downloaded | error</param>
/// <param name="Chunk">the chunk the entry is about; null for the task as a whole</param>
public sealed record JournalEntryDto(long Id, DateTimeOffset At, string Kind, int Round, int? Chunk, string Message);
