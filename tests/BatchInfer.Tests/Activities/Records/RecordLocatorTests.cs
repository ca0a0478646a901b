using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Records;
using BatchInfer.Activities.Results;
using BatchInfer.Tests.Activities.Input;
using BatchInfer.Tests.Activities.Results;

namespace BatchInfer.Tests.Activities.Records;

/// <summary>
/// Every record of a two-round task located by its custom_id before, between and after the reconciliations, against
/// what the fabricated provider answered it: round and chunk, input line, pending, answered, failed with its error, missing.
/// Enough records that the rounds' files are bisected rather than read through.
/// </summary>
public sealed class RecordLocatorTests : IDisposable
{
    private const int Records = 2000;
    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    // Round 0: a quarter answered, a quarter refused for good, a quarter 500 (answered in round 1), a quarter never answered.
    private static FakeAnswer Decide(long seq, int round) => (seq % 4, round) switch
    {
        (0, 0) => FakeAnswer.Success200,
        (1, 0) => FakeAnswer.InvalidRequest400,
        (2, 0) => FakeAnswer.ServerError500,
        (2, 1) => FakeAnswer.Success200,
        _ => FakeAnswer.None,
    };

    [Fact]
    public async Task Locate_EveryRecordOfTwoRounds_RoundChunkLineAndOutcomeAsAnswered()
    {
        _fixture.WriteInput([.. Enumerable.Range(1, Records).Select(n => SplitFixture.Record("question " + n))]);
        var config = SplitFixture.Config(linesPerChunk: 100);
        var split = await _fixture.SplitAsync(config);
        var records = _fixture.Requests(0, split.Chunks);
        Assert.All(records, r => Assert.Equal((0, r.Chunk, r.Seq, RecordOutcome.Pending), Where(r.CustomId)));

        FakeBatchResults.Write(_fixture, 0, split.Chunks, (seq, _, _) => Decide(seq, 0), new Random(3));
        var first = await RoundReconciler.ReconcileAsync(_fixture.Layout, 0, split.Chunks.Count, isLastRound: false, config, ProviderProfile.Spark, CancellationToken.None);
        var retried = _fixture.Requests(1, first.NextRoundChunks).ToDictionary(r => r.Seq);
        Assert.All(records, r => Assert.Equal(
            (r.Seq % 4) switch
            {
                0 => (0, r.Chunk, r.Seq, RecordOutcome.Answered),
                1 => (0, r.Chunk, r.Seq, RecordOutcome.Failed),
                _ => (1, retried[r.Seq].Chunk, r.Seq, RecordOutcome.Pending),
            },
            Where(r.CustomId)));

        FakeBatchResults.Write(_fixture, 1, first.NextRoundChunks, (seq, _, _) => Decide(seq, 1), new Random(4));
        await RoundReconciler.ReconcileAsync(_fixture.Layout, 1, first.NextRoundChunks.Count, isLastRound: true, config, ProviderProfile.Spark, CancellationToken.None);
        Assert.All(records, r => Assert.Equal(
            (r.Seq % 4) switch
            {
                0 => (0, r.Chunk, r.Seq, RecordOutcome.Answered),
                1 => (0, r.Chunk, r.Seq, RecordOutcome.Failed),
                2 => (1, retried[r.Seq].Chunk, r.Seq, RecordOutcome.Answered),
                _ => (1, retried[r.Seq].Chunk, r.Seq, RecordOutcome.Missing),
            },
            Where(r.CustomId)));
        var refused = RecordLocator.Locate(_fixture.Layout, new CustomIdMatcher(records[0].CustomId), CancellationToken.None)!;
        Assert.Equal(FakeBatchResults.ErrorLine(records[0].CustomId, 400, "invalid_request_error", 0), refused.ErrorLine);
        Assert.Null(Where("no such id"));
    }

    private (int Round, int Chunk, long Line, RecordOutcome Outcome)? Where(string customId) =>
        RecordLocator.Locate(_fixture.Layout, new CustomIdMatcher(customId), CancellationToken.None) is { } found
            ? (found.Round, found.Chunk, found.Line, found.Outcome)
            : null;
}
