namespace BatchInfer.Tests.EndToEnd;

/// <summary>Against the standalone simulator with every kind of fault: the record-accounting invariant still holds.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class FaultEndToEndTests
{
    [Fact]
    public async Task Pipeline_StandaloneSimulatorWithFaults_InvariantHoldsRecordByRecord()
    {
        using var simulator = await SimulatorProcess.StartAsync(
            "--error-rate", "0.1", "--http-fault-rate", "0.05", "--fail-batches", "1", "--expire-batches", "1", "--shuffle", "--seed", "7");
        using var work = new WorkDirectory(simulator.BaseUrl, "lines_per_chunk: 500\nmax_retry_count: 3");
        var input = TestPaths.Data("gsm8k.messages.jsonl");

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "faults"), TimeSpan.FromMinutes(8));

        Assert.True(code is 0 or 3, $"exit {code}\n{stdout}\n{stderr}");
        var counts = RecordInvariant.AssertHolds(input, work.Merged("faults"));
        Assert.Equal(8792, counts.Valid);
        // 10 % per-request errors over 4 rounds leave about 1 in 10,000 failing: nearly all succeed.
        Assert.True(counts.Succeeded > 8700, $"only {counts.Succeeded} succeeded");
        Assert.Equal(counts.Failed + counts.Missing == 0 ? 0 : 3, code);
        // The faults really happened: records were retried in later rounds.
        using var summary = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work.Merged("faults"), "summary.json")));
        Assert.True(summary.RootElement.GetProperty("rounds").GetInt32() >= 2);
        var stats = await simulator.StatsAsync();
        Assert.Equal(0, stats.GetProperty(SimulatorStatsNames.Duplicates).GetInt64());
        Assert.DoesNotContain("e2e-secret-password", stdout + stderr, StringComparison.Ordinal);
    }
}
