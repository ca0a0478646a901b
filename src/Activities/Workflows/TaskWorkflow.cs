using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Workflows;

/// <summary>
/// One instance per task: split, then rounds of chunks (each its own instance) and retries, then merge.
/// Steps come from the pipeline definition; its loop repeats until the last round is reconciled.
/// </summary>
/// <param name="version">the definition's version number (docs/studio.md): WorkflowCore keeps one definition per id and version, and an instance runs the version it was started with</param>
public sealed class TaskWorkflow(PipelineDefinition definition, int version) : IWorkflow<TaskWorkflowData>
{
    public const string DefinitionId = "batch-task";

    public TaskWorkflow()
        : this(PipelineDefinition.Default, 1)
    {
    }

    public string Id => DefinitionId;

    public int Version => version;

    public void Build(IWorkflowBuilder<TaskWorkflowData> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseDefaultErrorBehavior(WorkflowErrorHandling.Suspend);
        AddSteps(StepChain<TaskWorkflowData>.Start(builder), definition.TaskWorkflow.Steps);
    }

    private static StepChain<TaskWorkflowData> AddSteps(StepChain<TaskWorkflowData> chain, IReadOnlyList<PipelineStep> steps) =>
        steps.Aggregate(chain, (current, step) => step.Name == PipelineSteps.Loop
            ? current.While(data => !data.RoundsDone, body => AddSteps(body, step.Steps ?? []))
            : PipelineSteps.AddTaskStep(current, step));
}
