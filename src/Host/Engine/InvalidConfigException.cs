using BatchInfer.Activities.Configuration;

namespace BatchInfer.Host.Engine;

/// <summary>A task was asked to start with a configuration <see cref="BatchInferConfigValidator"/> refuses; every problem is here.</summary>
internal sealed class InvalidConfigException(IReadOnlyList<ConfigProblem> problems)
    : Exception($"the configuration is not valid: {string.Join("; ", problems)}")
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
