using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// Creates the chunk's batch exactly once. The row is marked Submitting before the call; a run that finds
/// it so (a crash mid-call) first looks for the batch by its tag on the provider and adopts it (docs/engine.md).
/// A batch slot of the endpoint is taken before the create call; when none is free the step sleeps until a release wakes it,
/// and while the task is paused it sleeps without asking for one until the resume wakes it.
/// </summary>
public sealed class SubmitBatch(StepServices services, FairScheduler scheduler) : ChunkStep(services)
{
    protected override async Task<ExecutionResult> RunChunkAsync(
        TaskRuntime runtime, ChunkEntity chunk, StateDbContext db, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (chunk.Phase >= ChunkPhase.Submitted)
        {
            return ExecutionResult.Next();
        }

        // From Submitting on, the chunk holds its slot already (recovered from the tables after a restart) and a batch may
        // exist from a call that died: it is looked for by its tag first, and adopted even under a cancel (PollBatch
        // cancels it and salvages what it did).
        if (chunk.Phase == ChunkPhase.Submitting && await FindOursAsync(runtime.Api, chunk, cancellationToken) is { } adopted)
        {
            StepLog.AdoptedBatch(Services.Logger, chunk.TaskId, chunk.Round, chunk.Chunk, adopted.Id);
            return await SubmittedAsync(runtime, db, chunk, adopted, $"batch {adopted.Id} found at the provider after an interrupted create call, adopted", cancellationToken);
        }
        if (await Services.SettleIfCancelledAsync(db, chunk, scheduler, runtime.EndpointKey, cancellationToken))
        {
            return ExecutionResult.Next();
        }
        // A paused task creates no batch: the chunk waits here, before asking for a slot, until the resume wakes it.
        if (chunk.Phase < ChunkPhase.Submitting
            && (await db.HoldIfPausedAsync(chunk, scheduler, runtime.EndpointKey, cancellationToken)
                || !scheduler.TryReserveBatch(runtime.EndpointKey, chunk.Tag, WorkflowId)))
        {
            return ExecutionResult.Sleep(scheduler.Options.SlotRetryInterval, attempt);
        }

        chunk.Phase = ChunkPhase.Submitting;
        await Services.SaveAsync(db, chunk, cancellationToken);
        RemoteBatch created;
        try
        {
            created = await runtime.Api.CreateBatchAsync(chunk.FileId!, chunk.Tag, runtime.Config.CompletionWindow, cancellationToken);
        }
        catch (BatchApiException ex) when (ex.Refused || ex.IsPermanent)
        {
            // Refused before any work: no batch exists, so the next run posts again without looking for one.
            chunk.Phase = ChunkPhase.Uploaded;
            await Services.SaveAsync(db, chunk, cancellationToken);
            throw;
        }
        return await SubmittedAsync(runtime, db, chunk, created, $"batch {created.Id} created for {chunk.Records} records", cancellationToken);
    }

    private async Task<ExecutionResult> SubmittedAsync(
        TaskRuntime runtime, StateDbContext db, ChunkEntity chunk, RemoteBatch batch, string journal, CancellationToken cancellationToken)
    {
        Services.Journal(db, chunk, JournalKinds.BatchCreated, journal);
        chunk.BatchId = batch.Id;
        chunk.RemoteState = batch.State;
        // Known from the create (or list) answer and written with the batch id: a poll that learns nothing still writes nothing.
        var submittedAt = batch.Times?.CreatedAt ?? Services.Time.GetUtcNow();
        chunk.SubmittedAt = submittedAt;
        chunk.ExpiresAt = BatchExpiry.At(submittedAt, batch.Times?.ExpiresAt, runtime.Config.CompletionWindow);
        chunk.Phase = ChunkPhase.Submitted;
        await Services.SaveAsync(db, chunk, cancellationToken);
        return ExecutionResult.Next();
    }

    // The input file must match too: another run under the same task id (another directory, a fresh start) carries
    // the same tag, and adopting its batch would pair its answers with our records.
    private static async Task<RemoteBatch?> FindOursAsync(IBatchApi api, ChunkEntity chunk, CancellationToken cancellationToken)
    {
        await foreach (var batch in api.ListBatchesAsync(cancellationToken))
        {
            if (batch.Tag == chunk.Tag && batch.InputFileId == chunk.FileId)
            {
                return batch;
            }
        }
        return null;
    }
}
