namespace BatchInfer.Tests.EndToEnd;

/// <summary>The real executable, end to end, on the built-in simulator and on the standalone one.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class PipelineEndToEndTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Pipeline_Gsm8kOnBuiltInSimulator_EveryRecordAnsweredInInputOrder()
    {
        using var work = new WorkDirectory("simulator", "lines_per_chunk: 1000");
        var input = TestPaths.Data("gsm8k.messages.jsonl");

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "demo"), Generous);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var counts = RecordInvariant.AssertHolds(input, work.Merged("demo"));
        Assert.Equal(8792, counts.Valid);
        Assert.Equal(8792, counts.Succeeded);
        Assert.Equal(8792, File.ReadLines(Path.Combine(work.Merged("demo"), "output.jsonl")).Count());
        Assert.Contains("8,792 succeeded", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_SameCommandAfterFinish_IsRefusedAsExisting()
    {
        using var work = new WorkDirectory("simulator");
        var input = TestPaths.Data("gsm8k.messages.jsonl");
        var first = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "again")], Generous);
        Assert.Equal(0, first.ExitCode);

        var second = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "again"), Generous);

        Assert.Equal(2, second.ExitCode);
        Assert.Contains("task again already exists", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_ShareGptChineseUnderSparkProfile_OversizedBodiesReportedRestSucceed()
    {
        using var work = new WorkDirectory("simulator", "lines_per_chunk: 200");
        var input = TestPaths.Data("sharegpt-zh.messages.jsonl");

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "zh"), Generous);

        Assert.True(code == 3, $"exit {code} (invalid lines make 3)\n{stdout}\n{stderr}");
        var counts = RecordInvariant.AssertHolds(input, work.Merged("zh"));
        Assert.Equal(counts.Valid, counts.Succeeded);
        Assert.True(counts.Invalid > 0);
        var invalid = File.ReadLines(Path.Combine(work.Merged("zh"), "invalid_input.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .ToList();
        Assert.All(invalid, e => Assert.Contains("limit of 6144 bytes", e.GetProperty("reason").GetString(), StringComparison.Ordinal));
        var invalidLines = invalid.Select(e => e.GetProperty("line").GetInt64()).ToHashSet();
        long number = 0;
        foreach (var line in File.ReadLines(input))
        {
            number++;
            var bytes = System.Text.Encoding.UTF8.GetByteCount(line);
            if (bytes < 5_500)
            {
                Assert.DoesNotContain(number, invalidLines);
            }
            else if (bytes > 7_000)
            {
                Assert.Contains(number, invalidLines);
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndGroup
{
    // Whole-process tests share 2 cores; running them one at a time keeps their timings sane.
    public const string Name = "end-to-end";
}
