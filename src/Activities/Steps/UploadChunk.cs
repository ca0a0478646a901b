using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>Uploads the chunk's request file and records the remote file id before moving on (unless the task was cancelled).</summary>
public sealed class UploadChunk(StepServices services, FairScheduler scheduler) : ChunkStep(services)
{
    protected override async Task<ExecutionResult> RunChunkAsync(
        TaskRuntime runtime, ChunkEntity chunk, StateDbContext db, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (chunk.Phase >= ChunkPhase.Uploaded)
        {
            return ExecutionResult.Next();
        }

        if (await Services.SettleIfCancelledAsync(db, chunk, scheduler, runtime.EndpointKey, cancellationToken))
        {
            return ExecutionResult.Next();
        }

        // No slot: the step gives the engine its worker back and sleeps until a finished upload wakes it.
        if (scheduler.TryReserveUpload(runtime.EndpointKey, chunk.Tag, WorkflowId) is not { } slot)
        {
            return ExecutionResult.Sleep(scheduler.Options.SlotRetryInterval, attempt);
        }

        string fileId;
        await using (slot)
        {
            var fileName = $"{runtime.TaskId}-r{chunk.Round}-c{chunk.Chunk:D5}.jsonl";
            fileId = await runtime.Api.UploadFileAsync(runtime.Layout.ChunkRequests(chunk.Round, chunk.Chunk), fileName, cancellationToken);
        }
        chunk.FileId = fileId;
        chunk.Phase = ChunkPhase.Uploaded;
        await Services.SaveAsync(db, chunk, cancellationToken);
        return ExecutionResult.Next();
    }
}
