using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Workflows;

/// <summary>One instance per chunk and round, so that chunks progress concurrently (docs/engine.md). Steps come from the pipeline definition.</summary>
public sealed class ChunkWorkflow(PipelineDefinition definition) : IWorkflow<ChunkWorkflowData>
{
    public const string DefinitionId = "batch-chunk";

    public ChunkWorkflow()
        : this(PipelineDefinition.Default)
    {
    }

    public string Id => DefinitionId;

    public int Version => 1;

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
