using BatchInfer.Activities.Results;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>Merges every round into merged/&lt;task&gt;/ in input order, writes summary.json and finishes the task.</summary>
public sealed class MergeResults(StepServices services) : TaskStep(services)
{
    protected override async Task<ExecutionResult> RunTaskAsync(
        TaskRuntime runtime, TaskEntity task, StateDbContext db, TaskWorkflowData data, CancellationToken cancellationToken)
    {
        if (task.Phase >= TaskPhase.Finished)
        {
            return ExecutionResult.Next();
        }

        var merge = await ResultMerger.MergeAsync(runtime.Layout, task.FirstFinalRound, task.CurrentRound, cancellationToken);
        if (merge.Output != task.Succeeded || merge.Errors != task.FailedFinal || merge.Missing != task.Missing)
        {
            StepLog.MergeCountsDiffer(Services.Logger, task.TaskId, merge.ToString(), task.Succeeded, task.FailedFinal, task.Missing);
        }

        task.Phase = TaskPhase.Finished;
        task.Outcome = task.CancelRequested ? TaskOutcome.Cancelled
            : task.FailedFinal + task.Missing == 0 ? TaskOutcome.AllSucceeded
            : TaskOutcome.SomeFailed;
        task.FinishedAt = Services.Time.GetUtcNow();
        var summary = await TaskSummary.OfAsync(db, task, cancellationToken);
        await summary.WriteAsync(runtime.Layout.Summary, cancellationToken);
        Services.Journal(db, task, JournalKinds.Finished,
            $"finished {summary.Outcome}: {task.Succeeded} succeeded, {task.FailedFinal} failed, {task.Missing} missing, {task.InvalidRecords} invalid");
        await Services.SaveAsync(db, task, cancellationToken);
        return ExecutionResult.Next();
    }
}
