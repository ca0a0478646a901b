using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Runtime;

/// <summary>
/// What a running task needs that is not stored: its configuration with the password, and a client.
/// Workflow data only carries ids; the engine host registers this when it starts or resumes the task.
/// </summary>
public sealed record TaskRuntime(string TaskId, string InputPath, BatchInferConfig Config, ProviderProfile Profile, TaskLayout Layout, IBatchApi Api);
