using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Tests.Activities.Chunks;

/// <summary>The plan counts exactly what the split would write: the same records, invalid lines and chunk boundaries.</summary>
public sealed class InputPlannerTests : IDisposable
{
    private static readonly BatchInferConfig Config = new() { Model = new ModelConfig { Domain = "m", Password = "p", MaxTokens = 8 } };

    private readonly string _directory = Directory.CreateTempSubdirectory("input-planner-").FullName;

    [Fact]
    public async Task PlanAsync_MixedInput_SameCountsAndChunksAsTheSplit()
    {
        var input = Path.Combine(_directory, "input.jsonl");
        File.WriteAllLines(input, Enumerable.Range(1, 250).Select(i => i switch
        {
            7 => "not json",
            8 => "",
            9 => """{"custom_id":"dup","messages":[{"role":"user","content":"a"}]}""",
            10 => """{"custom_id":"dup","messages":[{"role":"user","content":"b"}]}""",
            11 => """{"custom_id":"other","messages":[{"role":"user","content":"c"}]}""",
            12 => """{"custom_id":"other","messages":[{"role":"user","content":"d"}]}""",
            13 => """{"messages":"a string"}""",
            _ => $$$"""{"messages":[{"role":"user","content":"question {{{i}}}"}]}""",
        }));
        var config = Config with { LinesPerChunk = 40 };

        var plan = await InputPlanner.PlanAsync(input, config, ProviderProfile.Spark, progress: null, CancellationToken.None);
        var split = await InputSplitter.SplitAsync(input, config, ProviderProfile.Spark, new TaskLayout(_directory, "t"), CancellationToken.None);

        Assert.True(plan.Complete);
        Assert.Equal((split.PhysicalLines, split.BlankLines, split.ValidRecords, split.InvalidRecords), (plan.Lines, plan.Blank, plan.Valid, plan.Invalid));
        Assert.Equal(split.Chunks.Count, plan.Chunks);
        Assert.Equal(split.Chunks.Sum(c => c.Bytes), plan.RequestBytes);
        Assert.Equal(4, plan.Invalid);
        // The two duplicates fail the same way and group together although they name different ids and lines.
        Assert.Equal(2, Assert.Single(plan.InvalidByReason, r => r.Key.StartsWith("duplicate custom_id", StringComparison.Ordinal)).Value);
        Assert.Equal([7L, 10L, 12L, 13L], plan.InvalidSamples.Select(s => s.Line));
        Assert.Equal(40, plan.MaxRecordsPerChunk);
    }

    [Fact]
    public async Task PlanAsync_ByteLimitCutsChunks_LikeTheSplit()
    {
        var input = Path.Combine(_directory, "big-lines.jsonl");
        var content = new string('x', 2000);
        File.WriteAllLines(input, Enumerable.Range(1, 120).Select(i => $$$"""{"messages":[{"role":"user","content":"{{{content}}} {{{i}}}"}]}"""));
        var tight = ProviderProfile.Spark with { MaxFileBytes = 50_000 };

        var plan = await InputPlanner.PlanAsync(input, Config, tight, progress: null, CancellationToken.None);
        var split = await InputSplitter.SplitAsync(input, Config, tight, new TaskLayout(_directory, "t2"), CancellationToken.None);

        Assert.True(plan.Chunks > 1, $"the byte limit should cut the input into several chunks, got {plan.Chunks}");
        Assert.Equal(split.Chunks.Count, plan.Chunks);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
