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
/// Round advance and the round's counts commit in one transaction, so a repeated run cannot count twice. A finished task
/// reopened by an operator's retry has its retry round opened here, from the records whose failure had become final.
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

        if (task.RetryRound > round)
        {
            return await OpenRetryRoundAsync(runtime, task, db, data, cancellationToken);
        }

        var chunks = await db.Chunks.Where(c => c.TaskId == task.TaskId && c.Round == round).ToListAsync(cancellationToken);
        if (chunks.Any(c => c.Phase != ChunkPhase.Collected))
        {
            // A repeated run after this step had already advanced the round: the new round still has to run.
            data.RoundsDone = false;
            return ExecutionResult.Next();
        }

        // A cancelled task retries nothing: what did not succeed is settled as failed or missing now. An operator's retry
        // round is one round, whatever max_retry_count says: what fails in it is final until the next -retry.
        var isLastRound = round >= runtime.Config.MaxRetryCount || task.CancelRequested || (task.RetryRound > 0 && round == task.RetryRound);
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
            StartRound(db, task, round + 1, outcome.NextRoundChunks,
                $"round {round + 1}: {outcome.Retryable} records retried in {outcome.NextRoundChunks.Count} chunks");
            data.RoundsDone = false;
        }
        else
        {
            task.Phase = TaskPhase.Merging;
            Services.Journal(db, task, JournalKinds.Merge,
                $"round {round} was the last: {task.Succeeded} succeeded, {task.FailedFinal} failed, {task.Missing} missing; merging");
            data.RoundsDone = true;
        }
        await Services.SaveAsync(db, task, cancellationToken);
        return ExecutionResult.Next();
    }

    /// <summary>
    /// An operator asked to retry the finished task's failed and missing records: they become the retry round's chunks.
    /// The round, its chunks and the counts commit in one save; a run again before it cuts the same round anew.
    /// </summary>
    private async Task<ExecutionResult> OpenRetryRoundAsync(
        TaskRuntime runtime, TaskEntity task, StateDbContext db, TaskWorkflowData data, CancellationToken cancellationToken)
    {
        var cut = await FinalRecordsRetry.CutAsync(runtime.Layout, task.FirstFinalRound, task.CurrentRound, runtime.Config, runtime.Profile, cancellationToken);
        task.FailedFinal -= cut.Failed;
        task.Missing -= cut.Missing;
        task.FirstFinalRound = task.RetryRound;
        StartRound(db, task, task.RetryRound, cut.Chunks,
            $"round {task.RetryRound} (operator retry): {cut.Failed} failed and {cut.Missing} missing records sent again in {cut.Chunks.Count} chunks");
        data.RoundsDone = false;
        await Services.SaveAsync(db, task, cancellationToken);
        return ExecutionResult.Next();
    }
}
