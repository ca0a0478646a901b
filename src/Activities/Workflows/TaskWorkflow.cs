using BatchInfer.Activities.Steps;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Workflows;

/// <summary>One instance per task: split, then rounds of chunks (each its own instance) and retries, then merge.</summary>
public sealed class TaskWorkflow : IWorkflow<TaskWorkflowData>
{
    public const string DefinitionId = "batch-task";

    public string Id => DefinitionId;

    public int Version => 1;

    public void Build(IWorkflowBuilder<TaskWorkflowData> builder) =>
        builder
            .UseDefaultErrorBehavior(WorkflowErrorHandling.Suspend)
            .StartWith<SplitInput>()
            .While(data => !data.RoundsDone)
                .Do(round => round
                    .StartWith<RunRound>()
                    .Then<RetryFailed>())
            .Then<MergeResults>();
}
