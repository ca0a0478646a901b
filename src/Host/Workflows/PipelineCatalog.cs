using System.Collections.Concurrent;
using BatchInfer.Activities.Workflows;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Workflows;

/// <summary>
/// Every version of the pipeline definition, registered with the engine under its number (WorkflowCore keeps several
/// versions of one definition id, and an instance runs the version it was started with), and the published one that new
/// tasks start on. A version saved in the designer is registered at once and published. Engine-wide parameters (poll
/// interval, concurrency, slots, intervals and backoff) are not per version: they stay those of the definition the daemon
/// started with (docs/studio.md).
/// </summary>
internal sealed class PipelineCatalog(PipelineVersions versions, IWorkflowRegistry registry, PipelineDefinition started)
{
    private readonly ConcurrentDictionary<int, PipelineDefinition> _registered = new();
    private readonly Lock _publishing = new();
    private PipelineVersion? _published;

    /// <summary>The version new tasks start on: the one the daemon started with, then each one saved.</summary>
    public PipelineVersion Published => _published ?? throw new InvalidOperationException("the pipeline versions are not registered yet");

    /// <summary>Registers every version found, before the engine starts (it resumes instances of any of them).</summary>
    public void RegisterAll()
    {
        var all = versions.List();
        foreach (var version in all)
        {
            // A version an older batch_infer saved that this one cannot read is skipped; a task on it is blocked with the reason.
            if ((version.Path == started.Source ? started : TryParse(version)) is { } definition)
            {
                Register(version.Number, definition);
            }
        }
        // Instances from before versions were kept all say version 1; a daemon started on a saved version lists no version 1.
        if (!_registered.ContainsKey(1))
        {
            Register(1, PipelineDefinitionLoader.Resolve(null));
        }
        _published = all.FirstOrDefault(v => v.Path == started.Source) ?? all[0];
    }

    /// <summary>The definition of version <paramref name="number"/>, if it is registered.</summary>
    public PipelineDefinition? Find(int number) => _registered.GetValueOrDefault(number);

    /// <summary>Saves <paramref name="yaml"/> as the next version (<see cref="PipelineVersions.SaveAsync"/>), registers and publishes it.</summary>
    public async Task<(PipelineVersion? Saved, IReadOnlyList<Activities.Configuration.ConfigProblem> Problems)> SaveAsync(string yaml, CancellationToken cancellationToken)
    {
        var (saved, problems) = await versions.SaveAsync(yaml, cancellationToken);
        if (saved is not null)
        {
            lock (_publishing)
            {
                Register(saved.Number, PipelineDefinitionLoader.Parse(saved.Yaml, saved.Path));
                _published = saved;
            }
        }
        return (saved, problems);
    }

    private void Register(int number, PipelineDefinition definition)
    {
        if (_registered.TryAdd(number, definition))
        {
            registry.RegisterPipelineWorkflows(definition, number);
        }
    }

    private static PipelineDefinition? TryParse(PipelineVersion version)
    {
        try
        {
            return PipelineDefinitionLoader.Parse(version.Yaml, version.Path);
        }
        catch (PipelineDefinitionException)
        {
            return null;
        }
    }
}
