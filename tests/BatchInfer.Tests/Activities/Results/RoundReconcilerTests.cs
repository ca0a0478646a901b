using System.Text.Json.Nodes;
using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Results;
using BatchInfer.Tests.Activities.Input;

namespace BatchInfer.Tests.Activities.Results;

public sealed class RoundReconcilerTests : IDisposable
{
    private readonly SplitFixture _fixture = new();
    private readonly Random _random = new(42);

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData(FakeAnswer.Success101, "succeeded")]
    [InlineData(FakeAnswer.Success200, "succeeded")]
    [InlineData(FakeAnswer.NoChoices200, "retryable")]
    [InlineData(FakeAnswer.ServerError500, "retryable")]
    [InlineData(FakeAnswer.RateLimited429, "retryable")]
    [InlineData(FakeAnswer.Expired, "retryable")]
    [InlineData(FakeAnswer.None, "retryable")]
    [InlineData(FakeAnswer.InvalidRequest400, "final")]
    [InlineData(FakeAnswer.NotFound404, "final")]
    public async Task ReconcileAsync_Answer_ClassifiesRecord(FakeAnswer answer, string expected)
    {
        var chunks = await SplitAsync(3);
        FakeBatchResults.Write(_fixture, 0, chunks, (seq, _, _) => seq == 2 ? answer : FakeAnswer.Success101, _random);

        var outcome = await ReconcileAsync(0, chunks.Count, isLastRound: false);

        var classified = (ContainsSeq(_fixture.Layout.RoundSucceeded(0), 2), ContainsSeq(_fixture.Layout.RoundFinal(0), 2), FailedSeqs(0).Contains(2));
        Assert.Equal(expected switch { "succeeded" => (true, false, false), "final" => (false, true, false), _ => (false, false, true) }, classified);
        Assert.Equal(expected == "succeeded" ? 3 : 2, outcome.Succeeded);
        Assert.Equal(expected == "retryable" ? 1 : 0, outcome.Retryable);
        Assert.Equal(expected == "final" ? 1 : 0, outcome.FailedFinal);
        Assert.Equal(outcome.Succeeded * 8, outcome.Usage.TotalTokens);
    }

    [Theory]
    [InlineData(408, false)]
    [InlineData(409, false)]
    [InlineData(401, true)]
    [InlineData(413, true)]
    [InlineData(400, true)]
    [InlineData(503, false)]
    public async Task ReconcileAsync_ErrorStatus_IsPermanentOnlyForNonTransient4xx(int status, bool permanent)
    {
        var chunks = await SplitAsync(1);
        await File.WriteAllTextAsync(_fixture.Layout.ChunkErrors(0, 0), FakeBatchResults.ErrorLine("1", status, "some_error", 0) + "\n");

        var outcome = await ReconcileAsync(0, chunks.Count, isLastRound: false);

        Assert.Equal(permanent ? (1L, 0L) : (0L, 1L), (outcome.FailedFinal, outcome.Retryable));
    }

    [Fact]
    public async Task ReconcileAsync_SuccessLine_IsWrittenVerbatimWithSeq()
    {
        var chunks = await SplitAsync(2);
        var line = "{\"custom_id\" : \"2\", \"response\": {\"status_code\": 101, \"body\": {\"choices\": [], \"x\": \"\\u4f60\"}}}";
        await File.WriteAllTextAsync(_fixture.Layout.ChunkOutput(0, 0), line + "\r\n");

        await ReconcileAsync(0, chunks.Count, isLastRound: false);

        Assert.Equal(["2\t" + line], SplitFixture.Lines(_fixture.Layout.RoundSucceeded(0)));
    }

    [Fact]
    public async Task ReconcileAsync_UnmatchedLines_AreCountedNotFatal()
    {
        var chunks = await SplitAsync(2);
        string[] extra = ["not json at all", FakeBatchResults.SuccessLine("999", 200, 0), "{\"no\":\"id\"}", FakeBatchResults.SuccessLine("1", 200, 7)];
        FakeBatchResults.Write(_fixture, 0, chunks, (_, _, _) => FakeAnswer.Success101, _random, extra);

        var outcome = await ReconcileAsync(0, chunks.Count, isLastRound: false);

        Assert.Equal((2L, 4L), (outcome.Succeeded, outcome.UnknownLines));
        Assert.Equal(16, outcome.Usage.TotalTokens);
    }

    [Fact]
    public async Task ReconcileAsync_AnswerWhoseCustomIdIsNotValidUtf8_IsAnUnknownLine()
    {
        var chunks = await SplitAsync(2);
        byte[] broken = [.. "{\"custom_id\":\"1"u8, 0xFF, .. "\",\"response\":{\"status_code\":200,\"body\":{\"choices\":[]}}}\n"u8];
        await File.WriteAllBytesAsync(_fixture.Layout.ChunkOutput(0, 0), [.. broken, .. System.Text.Encoding.UTF8.GetBytes(FakeBatchResults.SuccessLine("2", 200, 0) + "\n")]);

        var outcome = await ReconcileAsync(0, chunks.Count, isLastRound: false);

        Assert.Equal((1L, 1L, 1L), (outcome.Succeeded, outcome.Retryable, outcome.UnknownLines));
    }

    [Fact]
    public async Task ReconcileAsync_LastRound_ErrorsBecomeFinalAndUnansweredBecomeMissing()
    {
        var chunks = await SplitAsync(3);
        FakeBatchResults.Write(_fixture, 0, chunks, (seq, _, _) => seq switch { 1 => FakeAnswer.ServerError500, 2 => FakeAnswer.None, _ => FakeAnswer.Success101 }, _random);

        var outcome = await ReconcileAsync(0, chunks.Count, isLastRound: true);

        Assert.Equal((1L, 0L, 1L, 1L), (outcome.Succeeded, outcome.Retryable, outcome.FailedFinal, outcome.Missing));
        Assert.Empty(outcome.NextRoundChunks);
        var final = SplitFixture.Lines(_fixture.Layout.RoundFinal(0));
        Assert.Equal(2, final.Length);
        Assert.Equal("1\tE\t" + FakeBatchResults.ErrorLine("1", 500, "server_error", 0), final[0]);
        Assert.Equal("2\tM\t" + _fixture.Requests(0, chunks)[1].Request, final[1]);
    }

    [Fact]
    public async Task ReconcileAsync_RetryableRecords_BecomeNextRoundChunksInSeqOrder()
    {
        var chunks = await SplitAsync(9, linesPerChunk: 3);
        FakeBatchResults.Write(_fixture, 0, chunks, (seq, _, _) => seq % 2 == 0 ? FakeAnswer.Success101 : FakeAnswer.ServerError500, _random);

        var outcome = await ReconcileAsync(0, chunks.Count, isLastRound: false, linesPerChunk: 2);

        Assert.Equal([2, 2, 1], outcome.NextRoundChunks.Select(c => c.Records));
        var next = _fixture.Requests(1, outcome.NextRoundChunks);
        var first = _fixture.Requests(0, chunks).ToDictionary(r => r.Seq);
        Assert.Equal([1L, 3L, 5L, 7L, 9L], next.Select(r => r.Seq));
        Assert.All(next, r => Assert.Equal(first[r.Seq].Request, r.Request));
        Assert.All(next, r => Assert.Equal(first[r.Seq].CustomId, r.CustomId));
        var failed = SplitFixture.Lines(_fixture.Layout.RoundFailed(0)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([1L, 3L, 5L, 7L, 9L], failed.Select(f => (long)f["seq"]!));
        Assert.All(failed, f => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(first[(long)f["seq"]!].Request), f["request"])));
        Assert.All(failed, f => Assert.Equal(500, (int)f["error"]!["response"]!["status_code"]!));
    }

    [Fact]
    public async Task ReconcileAsync_NoAnswerInLaterRound_CarriesTheLastErrorOver()
    {
        var chunks = await SplitAsync(2);
        FakeBatchResults.Write(_fixture, 0, chunks, (_, _, _) => FakeAnswer.ServerError500, _random);
        var round0 = await ReconcileAsync(0, chunks.Count, isLastRound: false);

        var round1 = await ReconcileAsync(1, round0.NextRoundChunks.Count, isLastRound: false);

        var failed = SplitFixture.Lines(_fixture.Layout.RoundFailed(1)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, round1.Retryable);
        Assert.Equal(["server_error in round 0", "server_error in round 0"], failed.Select(f => (string)f["error"]!["response"]!["body"]!["error"]!["message"]!));
    }

    [Fact]
    public async Task ReconcileAsync_PreviousFailedFileDisagreesWithChunks_Throws()
    {
        var chunks = await SplitAsync(2);
        FakeBatchResults.Write(_fixture, 0, chunks, (_, _, _) => FakeAnswer.ServerError500, _random);
        var round0 = await ReconcileAsync(0, chunks.Count, isLastRound: false);
        await File.WriteAllLinesAsync(_fixture.Layout.RoundFailed(0), SplitFixture.Lines(_fixture.Layout.RoundFailed(0)).Take(1));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReconcileAsync(1, round0.NextRoundChunks.Count, isLastRound: false));

        Assert.Contains("ends before record 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconcileAsync_RunTwice_GivesIdenticalFiles()
    {
        var chunks = await SplitAsync(20, linesPerChunk: 5);
        FakeBatchResults.Write(_fixture, 0, chunks, (seq, _, _) => (FakeAnswer)(seq % 9), _random);
        var first = await ReconcileAsync(0, chunks.Count, isLastRound: false);
        var files = Snapshot();

        var second = await ReconcileAsync(0, chunks.Count, isLastRound: false);

        Assert.Equal(first with { NextRoundChunks = [] }, second with { NextRoundChunks = [] });
        Assert.Equal(first.NextRoundChunks, second.NextRoundChunks);
        Assert.Equal(files, Snapshot());
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_fixture.Layout.ChunksDirectory, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllText);

    private async Task<IReadOnlyList<ChunkInfo>> SplitAsync(int records, int linesPerChunk = 1000)
    {
        _fixture.WriteInput([.. Enumerable.Range(1, records).Select(i => SplitFixture.Record("q" + i))]);
        var result = await _fixture.SplitAsync(SplitFixture.Config(linesPerChunk));
        return result.Chunks;
    }

    private Task<RoundOutcome> ReconcileAsync(int round, int chunkCount, bool isLastRound, int linesPerChunk = 1000) =>
        RoundReconciler.ReconcileAsync(_fixture.Layout, round, chunkCount, isLastRound, SplitFixture.Config(linesPerChunk), ProviderProfile.Spark, CancellationToken.None);

    private static bool ContainsSeq(string path, long seq) =>
        SplitFixture.Lines(path).Any(l => l.StartsWith(seq.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\t", StringComparison.Ordinal));

    private List<long> FailedSeqs(int round) =>
        [.. SplitFixture.Lines(_fixture.Layout.RoundFailed(round)).Select(l => (long)JsonNode.Parse(l)!["seq"]!)];
}
