using System.Text.Json;
using BatchInfer.Host.Api;

namespace BatchInfer.Host.Cli.Monitor;

/// <summary><c>-monitor --json</c>: the API's read models as snake_case JSON (the shape in docs/monitor-json.md).</summary>
internal static class MonitorJson
{
    // Error codes are dictionary keys and stay as the provider wrote them, so no DictionaryKeyPolicy.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static string Serialize(TaskDetailDto task) => JsonSerializer.Serialize(task, Options);

    public static string Serialize(IReadOnlyList<TaskSummaryDto> tasks) => JsonSerializer.Serialize(tasks, Options);
}
