using System.Globalization;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Studio.Components.Parts;

/// <summary>The chunk drawer's words for its batch's expiry, its attempt and its workflow's next run.</summary>
internal static class ChunkFacts
{
    public static string Expiry(DateTimeOffset expiresAt, DateTimeOffset now) =>
        Countdown.Left(expiresAt, now) is { } left ? $"expires in {left}" : "expired";

    /// <summary>
    /// The round is the records' attempt: round 1 sends them for the first time, each later round sends again what failed, up
    /// to max_retry_count more. A round an operator's retry opened comes on top of that.
    /// </summary>
    public static string Attempt(int round, int maxRound) =>
        round <= maxRound
            ? string.Create(CultureInfo.InvariantCulture, $"{round + 1} of {maxRound + 1}")
            : string.Create(CultureInfo.InvariantCulture, $"{round + 1} (an operator's retry; max_retry_count allows {maxRound + 1})");

    public static string FailedCalls(ChunkRun? run) => run switch
    {
        null => "–",
        { FailedCalls: 0 } => "none",
        { FailedCalls: var failed } => string.Create(CultureInfo.InvariantCulture, $"{failed} in a row; tried again after a capped backoff"),
    };

    public static string NextRun(ChunkRun? run, DateTimeOffset now, bool utc) => run switch
    {
        null => "–",
        { State: ChunkRun.Sleeping, NextRunAt: { } at } =>
            $"{Figures.Time(at, utc)} ({(Countdown.Left(at, now) is { } left ? $"in {left}" : "due")})",
        { State: ChunkRun.Due } => "now",
        { State: var state } => $"none: its workflow is {state}",
    };
}
