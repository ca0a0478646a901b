using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Results;
using BatchInfer.Tests.Activities.Input;

namespace BatchInfer.Tests.Activities.Results;

public sealed class RecordAccountingTests : IDisposable
{
    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task CheckAsync_TamperedMergedFiles_ReportsEachBreak()
    {
        _fixture.WriteInput([.. Enumerable.Range(1, 6).Select(n => SplitFixture.Record("q" + n))]);
        var config = SplitFixture.Config();
        var split = await _fixture.SplitAsync(config);
        FakeBatchResults.Write(_fixture, 0, split.Chunks, (seq, _, _) => seq == 6 ? FakeAnswer.None : FakeAnswer.Success101, new Random(1));
        await RoundReconciler.ReconcileAsync(_fixture.Layout, 0, split.Chunks.Count, isLastRound: true, config, ProviderProfile.Spark, CancellationToken.None);
        await ResultMerger.MergeAsync(_fixture.Layout, 0, 0, CancellationToken.None);
        var output = SplitFixture.Lines(_fixture.Layout.Output);
        string[] tampered = [output[0], output[2], output[1], output[3], FakeBatchResults.SuccessLine("42", 200, 0), output[4]];
        await File.WriteAllLinesAsync(_fixture.Layout.Output, tampered);
        await File.AppendAllLinesAsync(_fixture.Layout.Errors, [FakeBatchResults.ErrorLine("6", 500, "x", 0)]);

        var report = await RecordAccounting.CheckAsync(_fixture.InputPath, config, ProviderProfile.Spark, _fixture.Layout, CancellationToken.None);

        Assert.False(report.IsConsistent);
        Assert.Contains("input line 2 (custom_id \"2\") is in none", report.Problems[0], StringComparison.Ordinal);
        Assert.Contains("input line 6 (custom_id \"6\") is in error_retry0.jsonl line 1 and missing_records.jsonl line 1", report.Problems);
        Assert.Contains(report.Problems, p => p.Contains("custom_id \"42\") belongs to no input record", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_FinishedTask_IsConsistent()
    {
        var config = await FinishAsync();

        var report = await RecordAccounting.CheckAsync(_fixture.InputPath, config, ProviderProfile.Spark, _fixture.Layout, CancellationToken.None);

        Assert.True(report.IsConsistent, string.Join("\n", report.Problems));
        Assert.Equal(new AccountingReport(3, 1, 2, 0, 1, 0, []), report with { Problems = [] });
    }

    [Fact]
    public async Task CheckAsync_InvalidLineNotReported_IsAProblem()
    {
        var config = await FinishAsync();
        await File.WriteAllTextAsync(_fixture.Layout.InvalidInput, "");

        var report = await RecordAccounting.CheckAsync(_fixture.InputPath, config, ProviderProfile.Spark, _fixture.Layout, CancellationToken.None);

        Assert.Equal(["input line 3 is invalid but not reported in invalid_input.jsonl"], report.Problems);
    }

    [Fact]
    public async Task CheckAsync_MergedFileAbsent_IsAProblem()
    {
        var config = await FinishAsync();
        File.Delete(_fixture.Layout.Missing);

        var report = await RecordAccounting.CheckAsync(_fixture.InputPath, config, ProviderProfile.Spark, _fixture.Layout, CancellationToken.None);

        Assert.Equal("missing_records.jsonl does not exist", report.Problems[0]);
        Assert.Contains("input line 4 (custom_id \"4\") is in none of output, errors and missing (at its place in input order)", report.Problems);
    }

    // Lines 1, 2 and 4 are records (4 never answered), 3 is invalid, 5 is blank.
    private async Task<BatchInferConfig> FinishAsync()
    {
        _fixture.WriteInput(SplitFixture.Record("a"), SplitFixture.Record("b"), "nope", SplitFixture.Record("d"), "");
        var config = SplitFixture.Config();
        var split = await _fixture.SplitAsync(config);
        FakeBatchResults.Write(_fixture, 0, split.Chunks, (seq, _, _) => seq == 4 ? FakeAnswer.None : FakeAnswer.Success200, new Random(2));
        await RoundReconciler.ReconcileAsync(_fixture.Layout, 0, split.Chunks.Count, isLastRound: true, config, ProviderProfile.Spark, CancellationToken.None);
        await ResultMerger.MergeAsync(_fixture.Layout, 0, 0, CancellationToken.None);
        return config;
    }
}
