using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchInfer.Host.Api;

namespace BatchInfer.Host.Cli.Monitor;

/// <summary><c>-monitor --json</c>: the API's read models as snake_case JSON (the shape in docs/monitor-json.md).</summary>
internal static class MonitorJson
{
    // The daemon client's settings, indented. Error codes are dictionary keys and stay as the provider wrote them, so no
    // DictionaryKeyPolicy. The read models' metadata is generated; reading the shape back into other types falls back to reflection.
    public static JsonSerializerOptions Options { get; } = new(DaemonApiJson.Default.Options)
    {
        WriteIndented = true,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(DaemonApiJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static string Serialize(TaskDetailDto task) => JsonSerializer.Serialize(task, Options);

    public static string Serialize(IReadOnlyList<TaskSummaryDto> tasks) => JsonSerializer.Serialize(tasks, Options);
}
