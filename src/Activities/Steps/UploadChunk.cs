using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>Uploads the chunk's request file and records the remote file id before moving on (unless the task was cancelled).</summary>
public sealed class UploadChunk(StepServices services, FairScheduler scheduler) : ChunkStep(services)
{
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(2);

    protected override async Task<ExecutionResult> RunChunkAsync(
        TaskRuntime runtime, ChunkEntity chunk, StateDbContext db, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (chunk.Phase >= ChunkPhase.Uploaded)
        {
            return ExecutionResult.Next();
        }

        if (await TryAcquireSlotAsync(runtime, cancellationToken) is not { } slot)
        {
            // No slot soon: give the engine its worker back and ask again; a step waiting here for a whole upload
            // phase would hold one of the engine's few workers and delay every other task's polls and downloads.
            return ExecutionResult.Sleep(SlotWait, attempt);
        }

        string fileId;
        await using (slot)
        {
            // Checked after the wait for a slot, which may have been long.
            if (await Services.IsCancelRequestedAsync(chunk.TaskId, cancellationToken))
            {
                await Services.SettleWithoutBatchAsync(db, chunk, cancellationToken);
                return ExecutionResult.Next();
            }
            var fileName = $"{runtime.TaskId}-r{chunk.Round}-c{chunk.Chunk:D5}.jsonl";
            fileId = await runtime.Api.UploadFileAsync(runtime.Layout.ChunkRequests(chunk.Round, chunk.Chunk), fileName, cancellationToken);
        }
        chunk.FileId = fileId;
        chunk.Phase = ChunkPhase.Uploaded;
        await Services.SaveAsync(db, chunk, cancellationToken);
        return ExecutionResult.Next();
    }

    private async Task<UploadLease?> TryAcquireSlotAsync(TaskRuntime runtime, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(SlotWait);
        try
        {
            return await scheduler.AcquireUploadAsync(runtime.EndpointKey, runtime.TaskId, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
