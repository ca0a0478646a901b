using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using BatchInfer.Activities.Configuration;
using BatchInfer.Host.Api;
using BatchInfer.Host.Cli;
using BatchInfer.Host.Daemon;

namespace BatchInfer.Tests.Host.Cli;

public sealed class DaemonApiJsonTests
{
    // What the daemon client used before its metadata was generated: the same text must go over the wire.
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonSerializerOptions LockFileReflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void StartTaskRequest_SameTextAsReflection()
    {
        var config = new BatchInferConfig
        {
            Model = new ModelConfig
            {
                Domain = "m", Password = "pw", MaxTokens = 16, Temperature = 0.2, ExtraBody = new JsonObject { ["top_k"] = 4, ["stop"] = new JsonArray("\n") },
            },
            TestLines = 100,
        };
        var request = new StartTaskRequest("task-1", "/data/in.jsonl", config);

        Assert.Equal(JsonSerializer.Serialize(request, Reflection), JsonSerializer.Serialize(request, DaemonApiJson.Default.StartTaskRequest));
    }

    [Fact]
    public void TaskSummaryDto_ReadsWhatReflectionWrites()
    {
        var summary = new TaskSummaryDto("task-1", "running", 12.5, new RecordCountsDto(10, 1, 2, 3, 4, 5, 6), 1, 3,
            new ChunkCountsDto(1, 2, 3, 4, 5, 6), DateTimeOffset.UnixEpoch, null, 1.5, null, 2.5, null, new Dictionary<string, long> { ["E"] = 1 });

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(summary, Reflection), DaemonApiJson.Default.TaskSummaryDto)!;

        Assert.Equal(summary with { ErrorsByCode = back.ErrorsByCode }, back);
        Assert.Equal(summary.ErrorsByCode, back.ErrorsByCode);
    }

    [Fact]
    public void DaemonInfo_SameTextAsReflection()
    {
        var info = new DaemonInfo(42, 5000, "secret", DateTimeOffset.UnixEpoch);

        Assert.Equal(JsonSerializer.Serialize(info, LockFileReflection), info.ToJson());
        Assert.Equal(info, DaemonInfo.Parse(info.ToJson()));
    }
}
