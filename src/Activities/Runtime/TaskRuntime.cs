using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Runtime;

/// <summary>
/// What a running task needs that is not stored: its configuration with the password, and a client.
/// Workflow data only carries ids; the engine host registers this when it starts or resumes the task.
/// </summary>
public sealed record TaskRuntime(string TaskId, string InputPath, BatchInferConfig Config, ProviderProfile Profile, TaskLayout Layout, IBatchApi Api)
{
    /// <summary>Whose caps the task's calls count against; set it from the endpoint actually called when base_url is overridden.</summary>
    public EndpointKey EndpointKey { get; init; } = EndpointKey.For(Config.Model.BaseUrl, Config.Model.Password);
}
