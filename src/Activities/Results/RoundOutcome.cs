using BatchInfer.Activities.Chunks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// How a round's records were classified. <see cref="UnknownLines"/> counts provider lines matched to no
/// record (not JSON, no custom_id, an id not in the chunk, or a second success for one record).
/// </summary>
public sealed record RoundOutcome(
    long Succeeded,
    long Retryable,
    long FailedFinal,
    long Missing,
    long UnknownLines,
    IReadOnlyList<ChunkInfo> NextRoundChunks,
    TokenUsage Usage);
