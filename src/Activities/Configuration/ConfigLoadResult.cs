namespace BatchInfer.Activities.Configuration;

/// <summary>
/// The outcome of loading a config file: either a config and no problems, or every problem found
/// (and no config, so that a half-valid config can never be used by accident).
/// </summary>
public sealed record ConfigLoadResult(BatchInferConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    public bool IsValid => Config is not null && Problems.Count == 0;
}
