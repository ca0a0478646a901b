using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Workflows;

/// <summary>One instance per chunk and round, so that chunks progress concurrently (docs/engine.md). Steps come from the pipeline definition.</summary>
/// <param name="version">the definition's version number (docs/studio.md): WorkflowCore keeps one definition per id and version, and an instance runs the version it was started with</param>
public sealed class ChunkWorkflow(PipelineDefinition definition, int version) : IWorkflow<ChunkWorkflowData>
{
    public const string DefinitionId = "batch-chunk";

    public ChunkWorkflow()
        : this(PipelineDefinition.Default, 1)
    {
    }

    public string Id => DefinitionId;

    public int Version => version;

    public void Build(IWorkflowBuilder<ChunkWorkflowData> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseDefaultErrorBehavior(WorkflowErrorHandling.Suspend);
        var chain = StepChain<ChunkWorkflowData>.Start(builder);
        foreach (var step in definition.ChunkWorkflow.Steps)
        {
            chain = PipelineSteps.AddChunkStep(chain, step.Name);
        }
    }
}
