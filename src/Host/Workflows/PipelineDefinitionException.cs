using BatchInfer.Activities.Configuration;

namespace BatchInfer.Host.Workflows;

/// <summary>A workflow definition file that cannot be used; the message lists every problem with its place in the file.</summary>
internal sealed class PipelineDefinitionException(string source, IReadOnlyList<ConfigProblem> problems)
    : Exception($"workflow definition {source} is not valid:{string.Concat(problems.Select(p => $"{Environment.NewLine}  {p}"))}")
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
