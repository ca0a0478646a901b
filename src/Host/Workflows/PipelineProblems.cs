using BatchInfer.Activities.Configuration;
using YamlDotNet.Core;

namespace BatchInfer.Host.Workflows;

/// <summary>Every problem of one definition file, so that all of them are reported at once.</summary>
internal sealed class PipelineProblems(string source)
{
    private readonly List<ConfigProblem> _problems = [];

    public string Source { get; } = source;

    public int Count => _problems.Count;

    /// <param name="at">Where in the file; null for the file as a whole.</param>
    public void Add(string key, Mark? at, string message) =>
        _problems.Add(new ConfigProblem(key, at is { } m ? checked((int)m.Line) : null, at is { } c ? checked((int)c.Column) : null, message) { Source = Source });

    /// <summary>Adds a problem that stops the reading, and returns the exception to throw.</summary>
    public PipelineDefinitionException Fatal(string key, Mark? at, string message)
    {
        Add(key, at, message);
        return ToException();
    }

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw ToException();
        }
    }

    private PipelineDefinitionException ToException() =>
        new(Source, [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column)]);
}
