using BatchInfer.Activities.Configuration;

namespace BatchInfer.Activities.Chunks;

/// <summary>When a chunk closes: at a record count, or before its file would pass a byte size.</summary>
public sealed record ChunkLimits(int MaxRecords, long MaxBytes)
{
    public static ChunkLimits For(BatchInferConfig config, ProviderProfile profile)
    {
        var records = config.LinesPerChunk > 0
            ? Math.Min(config.LinesPerChunk, profile.MaxRequestsPerFile)
            : profile.MaxRequestsPerFile;
        return new ChunkLimits(records, profile.MaxFileBytes);
    }

    /// <summary>Whether a request of <paramref name="size"/> bytes (newline included) starts a new chunk after one of <paramref name="records"/> requests and <paramref name="bytes"/> bytes.</summary>
    public bool StartsNewChunk(int records, long bytes, long size) => records > 0 && (records >= MaxRecords || bytes + size > MaxBytes);
}
