using BatchInfer.Activities.Configuration;

namespace BatchInfer.Activities.Chunks;

/// <summary>When a chunk closes: at a record count, or before its file would pass a byte size.</summary>
internal sealed record ChunkLimits(int MaxRecords, long MaxBytes)
{
    public static ChunkLimits For(BatchInferConfig config, ProviderProfile profile)
    {
        var records = config.LinesPerChunk > 0
            ? Math.Min(config.LinesPerChunk, profile.MaxRequestsPerFile)
            : profile.MaxRequestsPerFile;
        return new ChunkLimits(records, profile.MaxFileBytes);
    }
}
