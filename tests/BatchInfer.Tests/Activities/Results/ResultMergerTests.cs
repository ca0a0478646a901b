using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Results;
using BatchInfer.Tests.Activities.Input;

namespace BatchInfer.Tests.Activities.Results;

public sealed class ResultMergerTests : IDisposable
{
    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task MergeAsync_RunTwice_GivesIdenticalFiles()
    {
        _fixture.WriteInput([.. Enumerable.Range(1, 40).Select(n => SplitFixture.Record("q" + n))]);
        var config = SplitFixture.Config(linesPerChunk: 7);
        var split = await _fixture.SplitAsync(config);
        FakeBatchResults.Write(_fixture, 0, split.Chunks, (seq, _, _) => (FakeAnswer)(seq % 9), new Random(3));
        var round0 = await RoundReconciler.ReconcileAsync(_fixture.Layout, 0, split.Chunks.Count, false, config, ProviderProfile.Spark, CancellationToken.None);
        FakeBatchResults.Write(_fixture, 1, round0.NextRoundChunks, (seq, _, _) => seq % 2 == 0 ? FakeAnswer.Success200 : FakeAnswer.None, new Random(4));
        await RoundReconciler.ReconcileAsync(_fixture.Layout, 1, round0.NextRoundChunks.Count, true, config, ProviderProfile.Spark, CancellationToken.None);
        var first = await ResultMerger.MergeAsync(_fixture.Layout, 0, 1, CancellationToken.None);
        var files = new[] { _fixture.Layout.Output, _fixture.Layout.Errors, _fixture.Layout.Missing }.Select(File.ReadAllBytes).ToList();

        var second = await ResultMerger.MergeAsync(_fixture.Layout, 0, 1, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(files, new[] { _fixture.Layout.Output, _fixture.Layout.Errors, _fixture.Layout.Missing }.Select(File.ReadAllBytes));
        Assert.Equal(40, first.Output + first.Errors + first.Missing);
    }

    [Fact]
    public async Task MergeAsync_SeqInTwoRounds_Throws()
    {
        Directory.CreateDirectory(_fixture.Layout.RoundDirectory(0));
        Directory.CreateDirectory(_fixture.Layout.RoundDirectory(1));
        await File.WriteAllTextAsync(_fixture.Layout.RoundSucceeded(0), "1\t{\"a\":1}\n3\t{\"a\":3}\n");
        await File.WriteAllTextAsync(_fixture.Layout.RoundFinal(0), "2\tE\t{\"e\":2}\n");
        await File.WriteAllTextAsync(_fixture.Layout.RoundSucceeded(1), "2\t{\"a\":2}\n");
        await File.WriteAllTextAsync(_fixture.Layout.RoundFinal(1), "");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ResultMerger.MergeAsync(_fixture.Layout, 0, 1, CancellationToken.None));

        Assert.Contains("Record 2", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_fixture.Layout.Output));
    }

    [Fact]
    public async Task MergeAsync_RoundFiles_InterleaveBySeq()
    {
        Directory.CreateDirectory(_fixture.Layout.RoundDirectory(0));
        Directory.CreateDirectory(_fixture.Layout.RoundDirectory(1));
        await File.WriteAllTextAsync(_fixture.Layout.RoundSucceeded(0), "1\t{\"a\":1}\n4\t{\"a\":4}\n");
        await File.WriteAllTextAsync(_fixture.Layout.RoundFinal(0), "3\tE\t{\"e\":3}\n");
        await File.WriteAllTextAsync(_fixture.Layout.RoundSucceeded(1), "2\t{\"a\":2}\n10\t{\"a\":10}\n");
        await File.WriteAllTextAsync(_fixture.Layout.RoundFinal(1), "5\tM\t{\"m\":5}\n7\tE\t{\"e\":7}\n");

        var result = await ResultMerger.MergeAsync(_fixture.Layout, 0, 1, CancellationToken.None);

        Assert.Equal(new MergeResult(4, 2, 1), result);
        Assert.Equal(["{\"a\":1}", "{\"a\":2}", "{\"a\":4}", "{\"a\":10}"], SplitFixture.Lines(_fixture.Layout.Output));
        Assert.Equal(["{\"e\":3}", "{\"e\":7}"], SplitFixture.Lines(_fixture.Layout.Errors));
        Assert.Equal(["{\"m\":5}"], SplitFixture.Lines(_fixture.Layout.Missing));
    }
}
