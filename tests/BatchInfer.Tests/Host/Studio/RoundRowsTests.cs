using BatchInfer.Activities.State;
using BatchInfer.Host.Api;
using BatchInfer.Host.Studio.Components.Parts;

namespace BatchInfer.Tests.Host.Studio;

/// <summary>The task page's rounds: counts from the chunks, times from the journal's round_started and merge entries.</summary>
public sealed class RoundRowsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_TwoRoundsMerged_EachRoundTimedAndCountedAndTheFirstSendsTheSecondsRecords()
    {
        ChunkDto[] chunks = [Chunk(0, 0, 100, 90, 10), Chunk(0, 1, 50, 48, 2), Chunk(1, 0, 12, 12, 0)];
        JournalEntryDto[] marks = [Mark(1, JournalKinds.RoundStarted, 0, T0), Mark(2, JournalKinds.RoundStarted, 1, T0.AddMinutes(5)), Mark(3, JournalKinds.Merge, 1, T0.AddMinutes(7))];

        var rows = RoundRows.Of(chunks, marks);

        Assert.Equal(
            [new RoundRow(0, T0, T0.AddMinutes(5), 2, 150, 138, 12, 12), new RoundRow(1, T0.AddMinutes(5), T0.AddMinutes(7), 1, 12, 12, 0, 0)],
            rows);
    }

    [Fact]
    public void Of_RoundRunning_NoEndAndNothingSentAgainYet()
    {
        var rows = RoundRows.Of([Chunk(0, 0, 100, 3, 0)], [Mark(1, JournalKinds.RoundStarted, 0, T0)]);

        Assert.Equal(new RoundRow(0, T0, null, 1, 100, 3, 0, null), Assert.Single(rows));
    }

    [Fact]
    public void Of_OperatorRetryAfterTheMerge_TheRoundEndedAtItsMerge()
    {
        ChunkDto[] chunks = [Chunk(0, 0, 100, 95, 5), Chunk(1, 0, 5, 5, 0)];
        JournalEntryDto[] marks =
            [Mark(1, JournalKinds.RoundStarted, 0, T0), Mark(2, JournalKinds.Merge, 0, T0.AddMinutes(3)), Mark(3, JournalKinds.RoundStarted, 1, T0.AddHours(2))];

        var first = RoundRows.Of(chunks, marks)[0];

        Assert.Equal((T0.AddMinutes(3), (long?)5), (first.EndedAt, first.SentAgain));
    }

    private static ChunkDto Chunk(int round, int chunk, int records, int completed, int failed) =>
        new(round, chunk, records, "collected", "completed", $"batch_{round}_{chunk}", completed, failed, null);

    private static JournalEntryDto Mark(long id, string kind, int round, DateTimeOffset at) => new(id, at, kind, round, null, kind);
}
