using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>One re-entrant step that sleeps between polls until the batch is terminal (DESIGN.md §3.2).</summary>
public sealed class PollBatch(StepServices services) : ChunkStep(services)
{
    protected override async Task<ExecutionResult> RunChunkAsync(
        TaskRuntime runtime, ChunkEntity chunk, StateDbContext db, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (chunk.Phase >= ChunkPhase.Downloading)
        {
            return ExecutionResult.Next();
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
        }
        await Services.SaveAsync(db, chunk, cancellationToken);
        return batch.State.IsTerminal()
            ? ExecutionResult.Next()
            : ExecutionResult.Sleep(TimeSpan.FromSeconds(runtime.Config.PollIntervalSeconds), new StepAttempt(0));
    }
}
