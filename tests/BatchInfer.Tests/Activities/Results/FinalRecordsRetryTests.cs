using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Results;
using BatchInfer.Tests.Activities.Input;

namespace BatchInfer.Tests.Activities.Results;

/// <summary>
/// An operator's retry round cut from two finished rounds' final files (failed with an error line, missing), reconciled
/// and merged: every record ends in exactly one file, in input order, the retried ones with what the retry gave them.
/// </summary>
public sealed class FinalRecordsRetryTests : IDisposable
{
    private const int Records = 60;

    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    // Rounds 0 and 1 end the task (max_retry_count 1); round 2 is the operator's retry.
    private static FakeAnswer Decide(long seq, int round) => (seq % 6, round) switch
    {
        (0, _) => FakeAnswer.Success101,
        (1, 0) => FakeAnswer.ServerError500,
        (1, 1) => FakeAnswer.Success200,
        (2, 0) => FakeAnswer.InvalidRequest400,
        (2, 2) when seq % 4 == 0 => FakeAnswer.InvalidRequest400,
        (3, 0 or 1) => FakeAnswer.ServerError500,
        (3, 2) when seq % 4 == 1 => FakeAnswer.None,
        (4, 2) when seq % 4 == 0 => FakeAnswer.None,
        (_, 2) => FakeAnswer.Success101,
        _ => FakeAnswer.None,
    };

    [Fact]
    public async Task Cut_AfterTwoRounds_RetryRoundHoldsExactlyTheFinalRecordsAndTheMergeAccountsForEveryRecord()
    {
        _fixture.WriteInput([.. Enumerable.Range(1, Records).Select(n => SplitFixture.Record("question " + n))]);
        var config = SplitFixture.Config(linesPerChunk: 7);
        var chunks = (await _fixture.SplitAsync(config)).Chunks;
        var inputRequests = _fixture.Requests(0, chunks).ToDictionary(r => r.Seq, r => r.Request);
        var random = new Random(3);
        for (var round = 0; round <= 1; round++)
        {
            var current = round;
            FakeBatchResults.Write(_fixture, round, chunks, (seq, _, _) => Decide(seq, current), random);
            chunks = (await RoundReconciler.ReconcileAsync(_fixture.Layout, round, chunks.Count, round == 1, config, ProviderProfile.Spark, CancellationToken.None))
                .NextRoundChunks;
        }
        var finalBefore = await MergeAsync(firstFinalRound: 0, lastRound: 1);

        var cut = await FinalRecordsRetry.CutAsync(_fixture.Layout, 0, 1, config, ProviderProfile.Spark, CancellationToken.None);
        var again = await FinalRecordsRetry.CutAsync(_fixture.Layout, 0, 1, config, ProviderProfile.Spark, CancellationToken.None);

        var retried = _fixture.Requests(2, cut.Chunks);
        // Run again (a step may run twice), it cuts the same round.
        Assert.Equal((cut.Failed, cut.Missing), (again.Failed, again.Missing));
        Assert.Equal(cut.Chunks, again.Chunks);
        Assert.Equal(finalBefore.Errors, cut.Failed);
        Assert.Equal(finalBefore.Missing, cut.Missing);
        Assert.True(cut is { Failed: > 0, Missing: > 0 }, $"the rounds before the retry left {cut.Failed} failed and {cut.Missing} missing");
        Assert.True(cut.Chunks.Count > 1, "the retry round must span several chunks to test their order");
        // Exactly the records that were not in output.jsonl, in input order, each with its own request line.
        var succeededBefore = SplitFixture.Lines(_fixture.Layout.Output).Select(CustomIdOf).ToHashSet();
        Assert.Equal(inputRequests.Keys.Where(seq => !succeededBefore.Contains(seq.ToString(System.Globalization.CultureInfo.InvariantCulture))), retried.Select(r => r.Seq));
        Assert.All(retried, r => Assert.Equal(inputRequests[r.Seq], r.Request));

        FakeBatchResults.Write(_fixture, 2, cut.Chunks, (seq, _, _) => Decide(seq, 2), random);
        var retry = await RoundReconciler.ReconcileAsync(_fixture.Layout, 2, cut.Chunks.Count, isLastRound: true, config, ProviderProfile.Spark, CancellationToken.None);
        var merged = await MergeAsync(firstFinalRound: 2, lastRound: 2);

        Assert.Equal(Records, merged.Output + merged.Errors + merged.Missing);
        Assert.Equal(finalBefore.Output + retry.Succeeded, merged.Output);
        Assert.True(retry.Succeeded > 0 && merged.Errors > 0 && merged.Missing > 0);
        // Unanswered in the retry: a record that had an error keeps the last one it got; one that never had one stays missing.
        Assert.Contains(SplitFixture.Lines(_fixture.Layout.Errors), line => line.Contains("server_error in round 1", StringComparison.Ordinal));
        var report = await RecordAccounting.CheckAsync(_fixture.InputPath, config, ProviderProfile.Spark, _fixture.Layout, CancellationToken.None);
        Assert.True(report.IsConsistent, string.Join("\n", report.Problems));
    }

    private Task<MergeResult> MergeAsync(int firstFinalRound, int lastRound) =>
        ResultMerger.MergeAsync(_fixture.Layout, firstFinalRound, lastRound, CancellationToken.None);

    private static string CustomIdOf(string line) => (string)System.Text.Json.Nodes.JsonNode.Parse(line)!["custom_id"]!;
}
