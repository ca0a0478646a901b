using BatchInfer.Activities.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Host.Workflows;

internal static class PipelineDefinitionServiceCollectionExtensions
{
    /// <summary>
    /// Loads and validates the pipeline definition now, so that a bad file fails the start, and registers it (its
    /// parameters and scheduler options follow from it). Returns it for the engine options (<see cref="UsePipelineParameters"/>).
    /// </summary>
    /// <param name="path">A definition file; null: workflows/batch-pipeline.yaml next to the executable, else the built-in one.</param>
    public static PipelineDefinition AddPipelineDefinition(this IServiceCollection services, string? path)
    {
        var definition = PipelineDefinitionLoader.Resolve(path);
        services.Replace(ServiceDescriptor.Singleton(definition));
        return definition;
    }

    /// <summary>The engine's poll interval and concurrency from the definition's parameters.</summary>
    public static WorkflowOptions UsePipelineParameters(this WorkflowOptions options, PipelineParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameters);
        options.UsePollInterval(parameters.EnginePollInterval);
        options.UseMaxConcurrentWorkflows(parameters.MaxConcurrentWorkflows);
        return options;
    }

    /// <summary>Registers the task and chunk workflows built from the definition under its version number (<see cref="PipelineCatalog"/>).</summary>
    public static void RegisterPipelineWorkflows(this IWorkflowRegistry registry, PipelineDefinition definition, int version)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.RegisterWorkflow(new TaskWorkflow(definition, version));
        registry.RegisterWorkflow(new ChunkWorkflow(definition, version));
    }
}
