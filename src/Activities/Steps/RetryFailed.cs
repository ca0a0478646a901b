using BatchInfer.Activities.Results;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// Ends a round: reconciles its results record by record, then either cuts the next round's chunks from the
/// records worth retrying or, after max_retry_count retries, settles the rest as final failures.
/// Round advance and the round's counts commit in one transaction, so a repeated run cannot count twice.
/// </summary>
public sealed class RetryFailed(StepServices services) : TaskStep(services)
{
    protected override async Task<ExecutionResult> RunTaskAsync(
        TaskRuntime runtime, TaskEntity task, StateDbContext db, TaskWorkflowData data, CancellationToken cancellationToken)
    {
        var round = task.CurrentRound;
        if (task.Phase >= TaskPhase.Merging)
        {
            data.RoundsDone = true;
            return ExecutionResult.Next();
        }

        var chunks = await db.Chunks.Where(c => c.TaskId == task.TaskId && c.Round == round).ToListAsync(cancellationToken);
        if (chunks.Any(c => c.Phase != ChunkPhase.Collected))
        {
            // A repeated run after this step had already advanced the round: the new round still has to run.
            data.RoundsDone = false;
            return ExecutionResult.Next();
        }

        // A cancelled task retries nothing: what did not succeed is settled as failed or missing now.
        var isLastRound = round >= runtime.Config.MaxRetryCount || task.CancelRequested;
        var outcome = await RoundReconciler.ReconcileAsync(
            runtime.Layout, round, chunks.Count, isLastRound, runtime.Config, runtime.Profile, cancellationToken);

        StepLog.RoundReconciled(Services.Logger, task.TaskId, round, outcome.Succeeded, outcome.Retryable, outcome.FailedFinal, outcome.Missing);
        task.Succeeded += outcome.Succeeded;
        task.FailedFinal += outcome.FailedFinal;
        task.Missing += outcome.Missing;
        task.PromptTokens += outcome.Usage.PromptTokens;
        task.CompletionTokens += outcome.Usage.CompletionTokens;
        if (!isLastRound && outcome.NextRoundChunks.Count > 0)
        {
            var now = Services.Time.GetUtcNow();
            db.Chunks.AddRange(outcome.NextRoundChunks.Select(c => NewChunk(task.TaskId, round + 1, c.Index, c.Records, c.Bytes, now)));
            task.CurrentRound = round + 1;
            data.RoundsDone = false;
        }
        else
        {
            task.Phase = TaskPhase.Merging;
            data.RoundsDone = true;
        }
        await Services.SaveAsync(db, task, cancellationToken);
        return ExecutionResult.Next();
    }
}
