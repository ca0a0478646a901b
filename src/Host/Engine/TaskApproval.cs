using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Engine;

/// <summary>
/// Approves the plan of a task held by its definition's approve step (tasks.ApprovedAt): the step, asleep, is woken and
/// lets the task's rounds start. The approval is on the task's row and in its journal, so it outlives the daemon.
/// </summary>
internal sealed class TaskApproval(StateDatabase database, StepServices steps, IWorkflowWaker waker)
{
    public async Task<ControlResult> ApproveAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.TaskId == taskId, cancellationToken);
        if (task is null)
        {
            return ControlResult.UnknownTask;
        }
        if (task.ApprovedAt is not null)
        {
            return ControlResult.Done;
        }
        if (Problem(task) is { } problem)
        {
            return ControlResult.Conflict(problem);
        }
        // Only this column is written (EF saves what changed), so a step saving the same row meanwhile loses nothing.
        task.ApprovedAt = steps.Time.GetUtcNow();
        steps.Journal(db, task, JournalKinds.Approve, "approved: the plan's batches are created now");
        await steps.SaveAsync(db, task, cancellationToken);
        if (task.WorkflowId is { } workflowId)
        {
            waker.Wake(workflowId);
        }
        return ControlResult.Done;
    }

    private static string? Problem(TaskEntity task) => task switch
    {
        { ApprovalRequestedAt: null } =>
            $"task {task.TaskId} is not awaiting approval: its pipeline definition has no approve step, or its plan is not ready yet " +
            $"(batch_infer -monitor {task.TaskId} shows awaiting_approval when it is).",
        { Phase: TaskPhase.Finished } => $"task {task.TaskId} has already finished; there is nothing to approve. Its results are in merged/{task.TaskId}/.",
        { CancelRequested: true } => $"task {task.TaskId} is being cancelled; there is nothing to approve.",
        _ => null,
    };
}
