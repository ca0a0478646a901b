using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// The optional approve step: after the split, the task waits here until a person approves its plan (tasks.ApprovedAt).
/// It sleeps, costing nothing; the approval and a cancel wake it, so the long sleep is only the backstop for a lost wake-up.
/// </summary>
public sealed class AwaitApproval(StepServices services) : TaskStep(services)
{
    public static readonly TimeSpan Backstop = TimeSpan.FromHours(1);

    protected override async Task<ExecutionResult> RunTaskAsync(
        TaskRuntime runtime, TaskEntity task, StateDbContext db, TaskWorkflowData data, CancellationToken cancellationToken)
    {
        // A cancelled task goes on to settle its chunks unsent; a reopened (retried) one was approved already.
        if (task.ApprovedAt is not null || task.CancelRequested || task.Phase >= TaskPhase.Merging)
        {
            return ExecutionResult.Next();
        }
        if (task.ApprovalRequestedAt is null)
        {
            var chunks = await db.Chunks.CountAsync(c => c.TaskId == task.TaskId && c.Round == task.CurrentRound, cancellationToken);
            task.ApprovalRequestedAt = Services.Time.GetUtcNow();
            Services.Journal(db, task, JournalKinds.AwaitingApproval,
                $"awaiting approval of the plan: {task.ValidRecords} records in {chunks} chunks; approve with batch_infer -approve {task.TaskId}");
            await Services.SaveAsync(db, task, cancellationToken);
        }
        return ExecutionResult.Sleep(Backstop, null);
    }
}
