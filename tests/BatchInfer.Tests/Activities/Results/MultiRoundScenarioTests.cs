using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Results;
using BatchInfer.Tests.Activities.Input;

namespace BatchInfer.Tests.Activities.Results;

/// <summary>
/// Three rounds over fabricated provider files (shuffled; 101 and 200 successes, 500, 429, 404, 400
/// invalid_request_error, expiries, records never answered, one chunk whose batch failed with no files,
/// stray lines), then the merge, checked record by record against an in-memory model of the rules.
/// </summary>
public sealed class MultiRoundScenarioTests : IDisposable
{
    private const int LastRound = 2;
    private const int FailedBatchChunk = 1;

    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    // What the provider answers a record in a round; chunk 1 of round 0 is a failed batch with no files.
    private static FakeAnswer Decide(long seq, int round, int chunk) => round == 0 && chunk == FailedBatchChunk ? FakeAnswer.None : (seq % 8, round) switch
    {
        (0, 0) => FakeAnswer.Success101,
        (1, 0) => FakeAnswer.ServerError500,
        (1, _) => FakeAnswer.Success200,
        (2, _) => FakeAnswer.InvalidRequest400,
        (3, 2) => FakeAnswer.Success101,
        (4, _) => FakeAnswer.ServerError500,
        (5, 0) => FakeAnswer.Expired,
        (7, 0) => FakeAnswer.NoChoices200,
        (7, 1) => FakeAnswer.RateLimited429,
        (7, 2) => FakeAnswer.NotFound404,
        (0, _) => FakeAnswer.Success101,
        _ => FakeAnswer.None,
    };

    [Fact]
    public async Task ReconcileAndMerge_ThreeRounds_AccountForEveryRecordInInputOrder()
    {
        var lines = Enumerable.Range(1, 130).Select(n => n switch
        {
            _ when n % 17 == 0 => "",
            _ when n % 23 == 0 => "{\"broken\":",
            _ when n % 5 == 0 => $$"""{"custom_id":"q-{{n}}","messages":{{SplitFixture.Messages("explicit " + n)}}}""",
            _ => SplitFixture.Record("question " + n),
        }).ToArray();
        _fixture.WriteInput(lines);
        var config = SplitFixture.Config(linesPerChunk: 10);
        var split = await _fixture.SplitAsync(config);
        var records = _fixture.Requests(0, split.Chunks);
        var expected = Model(records);
        var random = new Random(7);
        string[] stray = ["garbage", FakeBatchResults.SuccessLine("not-a-record", 200, 0)];

        var chunks = split.Chunks;
        var outcomes = new List<RoundOutcome>();
        for (var round = 0; round <= LastRound; round++)
        {
            var current = round;
            FakeBatchResults.Write(_fixture, round, chunks, (seq, _, chunk) => Decide(seq, current, chunk), random, stray);
            var outcome = await RoundReconciler.ReconcileAsync(_fixture.Layout, round, chunks.Count, round == LastRound, config, ProviderProfile.Spark, CancellationToken.None);
            outcomes.Add(outcome);
            chunks = outcome.NextRoundChunks;
        }
        var merged = await ResultMerger.MergeAsync(_fixture.Layout, 0, LastRound, CancellationToken.None);

        Assert.Equal(expected.Where(e => e.File == "output").Select(e => e.Line), SplitFixture.Lines(_fixture.Layout.Output));
        Assert.Equal(expected.Where(e => e.File == "errors").Select(e => e.Line), SplitFixture.Lines(_fixture.Layout.Errors));
        Assert.Equal(expected.Where(e => e.File == "missing").Select(e => e.Line), SplitFixture.Lines(_fixture.Layout.Missing));
        Assert.Equal((expected.Count(e => e.File == "output"), expected.Count(e => e.File == "errors"), expected.Count(e => e.File == "missing")), ((int)merged.Output, (int)merged.Errors, (int)merged.Missing));
        Assert.Equal(records.Count, merged.Output + merged.Errors + merged.Missing);
        Assert.True(merged.Output > 0 && merged.Errors > 0 && merged.Missing > 0);
        Assert.Equal(merged.Output * 8, outcomes.Sum(o => o.Usage.TotalTokens));
        Assert.All(outcomes, o => Assert.Equal(2, o.UnknownLines));
        Assert.Empty(outcomes[LastRound].NextRoundChunks);
        Assert.Equal(outcomes[0].Retryable, outcomes[1].Succeeded + outcomes[1].Retryable + outcomes[1].FailedFinal);

        var report = await RecordAccounting.CheckAsync(_fixture.InputPath, config, ProviderProfile.Spark, _fixture.Layout, CancellationToken.None);
        Assert.True(report.IsConsistent, string.Join("\n", report.Problems));
        Assert.Equal((records.Count, 5L), (report.ValidRecords, report.InvalidRecords));
    }

    /// <summary>The rules of docs/results.md applied record by record, in memory.</summary>
    private static List<(long Seq, string File, string Line)> Model(List<ChunkedRequest> records)
    {
        var result = new List<(long, string, string)>();
        foreach (var record in records)
        {
            var customId = (string)record.Json["custom_id"]!;
            string? lastError = null;
            (string, string)? outcome = null;
            for (var round = 0; round <= LastRound && outcome is null; round++)
            {
                var answer = Decide(record.Seq, round, record.Chunk);
                var line = FakeBatchResults.Line(answer, customId, round)?.Line;
                outcome = answer switch
                {
                    FakeAnswer.Success101 or FakeAnswer.Success200 => ("output", line!),
                    FakeAnswer.InvalidRequest400 or FakeAnswer.NotFound404 => ("errors", line!),
                    _ => null,
                };
                lastError = line ?? lastError;
            }
            var (file, text) = outcome ?? (lastError is null ? ("missing", record.Request) : ("errors", lastError));
            result.Add((record.Seq, file, text));
        }
        Assert.Equal(result.Select(r => r.Item1).Order(), result.Select(r => r.Item1));
        Assert.Contains(result, r => r.Item1 % 8 == 5 && r.Item3.Contains("expired in round 0", StringComparison.Ordinal));
        return result;
    }
}
