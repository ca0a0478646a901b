namespace BatchInfer.Activities.Chunks;

/// <summary>What splitting the input produced: round-0 chunks and how the physical lines were counted.</summary>
public sealed record SplitResult(
    IReadOnlyList<ChunkInfo> Chunks,
    long PhysicalLines,
    long BlankLines,
    long ValidRecords,
    long InvalidRecords);
