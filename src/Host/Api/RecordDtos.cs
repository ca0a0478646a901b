namespace BatchInfer.Host.Api;

// GET /api/records: a record found by its custom_id. A documented shape (docs/monitor-json.md): add fields, never rename.

/// <param name="Hits">one per task that holds the id (an id is unique within a task), newest task first</param>
/// <param name="Truncated">the search stopped at the limit: more tasks may hold the id</param>
public sealed record RecordSearchDto(string CustomId, IReadOnlyList<RecordHitDto> Hits, bool Truncated);

/// <param name="Round">the last round that holds the record (0-based); its outcome is the record's</param>
/// <param name="Line">the record's line in the input (1-based)</param>
/// <param name="Outcome">pending | answered | failed | missing</param>
/// <param name="ErrorCode">for a failed record: the error's code (else its type, else http_STATUS)</param>
public sealed record RecordHitDto(string TaskId, int Round, int Chunk, long Line, string Outcome, string? ErrorCode, string? ErrorMessage);
