using System.Text.Json;
using System.Text.Json.Serialization;
using BatchInfer.Host.Api;
using BatchInfer.Host.Studio;

namespace BatchInfer.Host.Cli;

/// <summary>
/// The API's shapes as the command line sends and reads them, snake_case as the daemon writes them. Generated at build
/// time, so a short command does not build the same metadata by reflection on every run (BENCHMARKS.md, "CLI start-up").
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DaemonStatusDto))]
[JsonSerializable(typeof(WorkflowDto))]
[JsonSerializable(typeof(StartTaskRequest))]
[JsonSerializable(typeof(TaskSummaryDto))]
[JsonSerializable(typeof(IReadOnlyList<TaskSummaryDto>))]
[JsonSerializable(typeof(TaskDetailDto))]
[JsonSerializable(typeof(StudioSignInLinkDto))]
[JsonSerializable(typeof(ProblemDocument))]
internal sealed partial class DaemonApiJson : JsonSerializerContext
{
    /// <summary>The same shapes indented, for people to read (the Studio's raw views).</summary>
    public static DaemonApiJson Indented => field ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}

/// <summary>What the command line reads of the daemon's RFC 9457 problem documents; the rest is for other readers.</summary>
internal sealed record ProblemDocument(string? Title, string? Detail);
