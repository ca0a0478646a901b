using BatchInfer.Host.Api;

namespace BatchInfer.Tests.Host.Cli.Monitor;

/// <summary>Read models as the daemon would return them, varied per test through <c>with</c>.</summary>
internal static class MonitorSamples
{
    public static readonly DateTimeOffset Started = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public static TaskSummaryDto Summary(string taskId = "reviews-2026-03", string status = "running") => new(
        TaskId: taskId,
        Status: status,
        Percent: 67.3,
        Records: new RecordCountsDto(Total: 50_000, Succeeded: 33_610, Failed: 12, Missing: 0, Pending: 16_378, Invalid: 3),
        Round: 0,
        MaxRound: 3,
        ChunksByState: new ChunkCountsDto(Pending: 2, Uploaded: 1, Submitted: 3, Running: 4, Downloading: 1, Collected: 39),
        StartedAt: Started,
        FinishedAt: null,
        ElapsedSeconds: 252,
        ThroughputRecordsPerSecond: 133.4,
        EtaSeconds: 122.8,
        BlockedReason: null,
        ErrorsByCode: new Dictionary<string, long> { ["server_error"] = 2, ["rate_limit_exceeded"] = 10 });

    /// <summary>Chunks in the given phases, in order (round 0), so a test can read the expected map off its input.</summary>
    public static IReadOnlyList<ChunkDto> Chunks(params string[] phases) =>
        [.. phases.Select((phase, i) => Chunk(0, i, phase))];

    public static ChunkDto Chunk(int round, int chunk, string phase, string? remoteState = null, string? lastError = null, int records = 1_000) =>
        new(round, chunk, records, phase, remoteState,
            BatchId: phase is "pending" or "uploaded" or "submitting" ? null : $"batch_{round}_{chunk}",
            Completed: remoteState == "completed" ? records - records / 100 : 0,
            Failed: remoteState == "completed" ? records / 100 : 0,
            lastError);

    /// <summary>A task mid-run: 50 chunks in round 0 in every phase, one failed batch, and a small retry round.</summary>
    public static TaskDetailDto Detail(string status = "running")
    {
        var chunks = new List<ChunkDto>();
        for (var i = 0; i < 50; i++)
        {
            chunks.Add(i switch
            {
                < 39 => Chunk(0, i, "collected", "completed"),
                39 => Chunk(0, i, "collected", "failed", "batch failed: input file too large"),
                < 44 => Chunk(0, i, "submitted", "running"),
                < 46 => Chunk(0, i, "submitted", "pending"),
                46 => Chunk(0, i, "downloading", "completed"),
                47 => Chunk(0, i, "uploaded"),
                _ => Chunk(0, i, "pending"),
            });
        }
        chunks.Add(Chunk(1, 0, "submitting", records: 12));
        return new TaskDetailDto(Summary(status: status), chunks);
    }
}
