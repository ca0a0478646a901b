using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Workflows;

namespace BatchInfer.Host.Api;

/// <summary>POST /api/tasks: start task TaskId on InputPath, or resume it. The config travels with its password (over loopback only); it is never echoed back.</summary>
public sealed record StartTaskRequest(string TaskId, string InputPath, BatchInferConfig Config);

/// <summary>GET /api/daemon.</summary>
public sealed record DaemonStatusDto(int Pid, string Version, string WorkDirectory, DateTimeOffset StartedAt, double UptimeSeconds, int Tasks, int ActiveTasks);

/// <summary>GET /api/workflow: the workflow definitions the engine has loaded.</summary>
/// <param name="Source">the definition file's full path ("built-in" when none was found); -pipeline -workflow FILE compares it with FILE</param>
/// <param name="Parameters">the parameters the engine and the scheduler run with</param>
public sealed record WorkflowDto(string Source, PipelineParameters Parameters, IReadOnlyList<WorkflowDefinitionDto> Definitions);

/// <param name="Steps">step names in the order the definition declares them</param>
public sealed record WorkflowDefinitionDto(string Id, int Version, IReadOnlyList<string> Steps);
