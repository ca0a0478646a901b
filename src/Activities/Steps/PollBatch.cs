using System.Net;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// One re-entrant step that sleeps between polls until the batch is terminal (docs/engine.md). A cancelled task's
/// batch is cancelled once here; the flag is read on every run, so a cancel is noticed within one poll interval.
/// </summary>
public sealed class PollBatch(StepServices services) : ChunkStep(services)
{
    protected override async Task<ExecutionResult> RunChunkAsync(
        TaskRuntime runtime, ChunkEntity chunk, StateDbContext db, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (chunk.Phase >= ChunkPhase.Downloading)
        {
            return ExecutionResult.Next();
        }

        if (!chunk.CancelSent && await db.IsCancelRequestedAsync(chunk.TaskId, cancellationToken))
        {
            await CancelRemoteAsync(runtime.Api, chunk, cancellationToken);
            chunk.CancelSent = true;
            await Services.SaveAsync(db, chunk, cancellationToken);
        }

        var batch = await runtime.Api.GetBatchAsync(chunk.BatchId!, cancellationToken);
        chunk.RemoteState = batch.State;
        chunk.RemoteCompleted = batch.Counts?.Completed ?? chunk.RemoteCompleted;
        chunk.RemoteFailed = batch.Counts?.Failed ?? chunk.RemoteFailed;
        chunk.OutputFileId = batch.OutputFileId;
        chunk.ErrorFileId = batch.ErrorFileId;
        if (batch.State.IsTerminal())
        {
            chunk.LastError = batch.State == BatchState.Completed ? null : $"batch {batch.RawStatus}: {batch.ErrorMessage}";
            chunk.Phase = ChunkPhase.Downloading;
            chunk.EndedAt = batch.Times?.EndedAt ?? Services.Time.GetUtcNow();
            Services.Journal(db, chunk, JournalKinds.BatchEnded,
                $"batch {batch.Id} {batch.RawStatus}: {chunk.RemoteCompleted} completed, {chunk.RemoteFailed} failed" +
                (batch.ErrorMessage is { } error ? $" ({error})" : ""));
        }
        // Most polls of a long batch learn nothing new: no write then.
        if (db.ChangeTracker.HasChanges())
        {
            await Services.SaveAsync(db, chunk, cancellationToken);
        }
        return batch.State.IsTerminal()
            ? ExecutionResult.Next()
            : ExecutionResult.Sleep(TimeSpan.FromSeconds(runtime.Config.PollIntervalSeconds), new StepAttempt(0));
    }

    // One cancel per batch; polling then goes on to a terminal status, whose partial files DownloadResults fetches.
    private async Task CancelRemoteAsync(IBatchApi api, ChunkEntity chunk, CancellationToken cancellationToken)
    {
        try
        {
            var batch = await api.CancelBatchAsync(chunk.BatchId!, cancellationToken);
            StepLog.BatchCancelSent(Services.Logger, chunk.TaskId, chunk.Round, chunk.Chunk, batch.Id, batch.RawStatus);
        }
        catch (BatchApiException ex) when (ex.StatusCode == (int)HttpStatusCode.Conflict || ex.IsPermanent)
        {
            // The batch ended before the cancel reached it (providers answer 409, some 400 or 404): its results are
            // collected as usual. Any other refusal of a batch still running is a real error.
            if (ex.StatusCode != (int)HttpStatusCode.Conflict && !(await api.GetBatchAsync(chunk.BatchId!, cancellationToken)).State.IsTerminal())
            {
                throw;
            }
            StepLog.BatchAlreadyEnded(Services.Logger, chunk.TaskId, chunk.Round, chunk.Chunk, chunk.BatchId!);
        }
    }
}
