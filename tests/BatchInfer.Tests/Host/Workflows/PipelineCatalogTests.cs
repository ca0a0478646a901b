using BatchInfer.Activities.Steps;
using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Workflows;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;

namespace BatchInfer.Tests.Host.Workflows;

/// <summary>Every version registered with WorkflowCore's own registry under its number; a saved one at once, and published.</summary>
public sealed class PipelineCatalogTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pipeline-catalog-").FullName;

    [Fact]
    public async Task SaveAsync_WhileRunning_RegistersTheNewVersionBesideTheOldAndPublishesIt()
    {
        using var provider = new ServiceCollection().AddLogging().AddWorkflow().BuildServiceProvider();
        var registry = provider.GetRequiredService<IWorkflowRegistry>();
        var started = PipelineDefinitionLoader.Load(ShippedDefinition.Path);
        using var versions = new PipelineVersions(_work, started);
        var catalog = new PipelineCatalog(versions, registry, started);
        catalog.RegisterAll();
        var (withApprove, _) = ShippedDefinition.With("    - split-input", "    - split-input\n    - approve\n");

        var (saved, problems) = await catalog.SaveAsync(withApprove, CancellationToken.None);

        Assert.Empty(problems);
        Assert.Equal((2, 2), (saved!.Number, catalog.Published.Number));
        Assert.Equal(typeof(AwaitApproval), StepTypes(registry, 2)[1]);
        Assert.Equal(typeof(SplitInput), StepTypes(registry, 1)[0]);
        Assert.DoesNotContain(typeof(AwaitApproval), StepTypes(registry, 1));
        Assert.NotNull(registry.GetDefinition(ChunkWorkflow.DefinitionId, 2));
        Assert.Same(started, catalog.Find(1));
    }

    [Fact]
    public void RegisterAll_DaemonStartedOnASavedVersion_PublishesItAndStillRegistersVersion1()
    {
        using var provider = new ServiceCollection().AddLogging().AddWorkflow().BuildServiceProvider();
        var registry = provider.GetRequiredService<IWorkflowRegistry>();
        var path = WorkflowFiles.WriteWithSteps(Directory.CreateDirectory(Path.Combine(_work, PipelineVersions.Folder)).FullName,
            "batch-pipeline.v3.yaml", ("merge-results", "notify: {url: \"http://127.0.0.1:9/\"}"));
        var started = PipelineDefinitionLoader.Load(path);
        using var versions = new PipelineVersions(_work, started);
        var catalog = new PipelineCatalog(versions, registry, started);

        catalog.RegisterAll();

        Assert.Equal(3, catalog.Published.Number);
        Assert.Equal(typeof(Notify), StepTypes(registry, 3)[^1]);
        Assert.NotNull(registry.GetDefinition(TaskWorkflow.DefinitionId, 1));
    }

    // In the order the builder added them (ids), as PipelineWiringTests reads them.
    private static List<Type> StepTypes(IWorkflowRegistry registry, int version) =>
        [.. registry.GetDefinition(TaskWorkflow.DefinitionId, version).Steps.OrderBy(s => s.Id).Select(s => s.BodyType)];

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
