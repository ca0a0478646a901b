using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchInfer.Host.Api;
using BatchInfer.Host.Cli.Monitor;

namespace BatchInfer.Tests.Host.Cli.Monitor;

public sealed class MonitorJsonTests
{
    // The settings the shape was first printed with, metadata by reflection: generated metadata must not change a byte.
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void Serialize_Detail_SnakeCaseFieldNames()
    {
        using var json = JsonDocument.Parse(MonitorJson.Serialize(MonitorSamples.Detail()));
        var summary = json.RootElement.GetProperty("summary");

        Assert.Equal(
            ["task_id", "status", "percent", "records", "round", "max_round", "chunks_by_state", "started_at", "finished_at",
             "elapsed_seconds", "throughput_records_per_second", "eta_seconds", "blocked_reason", "errors_by_code", "tokens", "definition_version"],
            summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["total", "succeeded", "failed", "missing", "pending", "invalid", "answered"],
            summary.GetProperty("records").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["pending", "uploaded", "submitted", "running", "downloading", "collected"],
            summary.GetProperty("chunks_by_state").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["round", "chunk", "records", "phase", "remote_state", "batch_id", "completed", "failed", "last_error", "file_id", "output_file_id", "error_file_id", "updated_at", "submitted_at", "expires_at", "ended_at"],
            json.RootElement.GetProperty("chunks")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Serialize_Detail_SameTextAsReflection()
    {
        var task = MonitorSamples.Detail();

        Assert.Equal(JsonSerializer.Serialize(task, Reflection), MonitorJson.Serialize(task));
    }

    [Fact]
    public void Serialize_List_SameTextAsReflection()
    {
        IReadOnlyList<TaskSummaryDto> tasks = [MonitorSamples.Summary("a"), MonitorSamples.Summary("b", "blocked") with { BlockedReason = "HTTP 401" }];

        Assert.Equal(JsonSerializer.Serialize(tasks, Reflection), MonitorJson.Serialize(tasks));
    }

    [Fact]
    public void Serialize_ErrorCodes_KeptAsWritten()
    {
        var task = MonitorSamples.Detail();
        task = task with { Summary = task.Summary with { ErrorsByCode = new Dictionary<string, long> { ["RateLimit"] = 4 } } };

        using var json = JsonDocument.Parse(MonitorJson.Serialize(task));

        Assert.Equal(4, json.RootElement.GetProperty("summary").GetProperty("errors_by_code").GetProperty("RateLimit").GetInt64());
    }

    [Fact]
    public void Serialize_Detail_RoundTripsEveryValue()
    {
        var task = MonitorSamples.Detail();

        var back = JsonSerializer.Deserialize<TaskDetailDto>(MonitorJson.Serialize(task), MonitorJson.Options)!;

        // Records compare collections by reference, so compare their contents and the rest field by field.
        Assert.Equal(task.Chunks, back.Chunks);
        Assert.Equal(task.Summary.ErrorsByCode.OrderBy(e => e.Key), back.Summary.ErrorsByCode.OrderBy(e => e.Key));
        Assert.Equal(task.Summary with { ErrorsByCode = back.Summary.ErrorsByCode }, back.Summary);
    }

    [Fact]
    public void Serialize_List_ArrayOfSummaries()
    {
        TaskSummaryDto[] tasks = [MonitorSamples.Summary("a"), MonitorSamples.Summary("b", "blocked") with { BlockedReason = "HTTP 401" }];

        var back = JsonSerializer.Deserialize<TaskSummaryDto[]>(MonitorJson.Serialize(tasks), MonitorJson.Options)!;

        Assert.Equal(["a", "b"], back.Select(t => t.TaskId));
        Assert.Equal("HTTP 401", back[1].BlockedReason);
        Assert.Equal(tasks[0].Records, back[0].Records);
    }
}
