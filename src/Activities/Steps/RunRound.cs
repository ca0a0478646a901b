using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>Starts one workflow instance per chunk of the current round, then sleeps until every chunk is collected.</summary>
public sealed class RunRound(StepServices services, IChunkWorkflowLauncher launcher) : TaskStep(services)
{
    protected override async Task<ExecutionResult> RunTaskAsync(
        TaskRuntime runtime, TaskEntity task, StateDbContext db, TaskWorkflowData data, CancellationToken cancellationToken)
    {
        if (task.Phase >= TaskPhase.Merging)
        {
            return ExecutionResult.Next();
        }

        var round = task.CurrentRound;
        var unstarted = await db.Chunks
            .Where(c => c.TaskId == task.TaskId && c.Round == round && c.WorkflowId == null)
            .OrderBy(c => c.Chunk)
            .ToListAsync(cancellationToken);
        foreach (var chunk in unstarted)
        {
            // Under a cancel no new chunk instance starts; one that reached Submitting (an instance whose id was
            // lost in a crash) may have a batch, so it is started again to adopt and cancel it.
            if (task.CancelRequested && chunk.Phase <= ChunkPhase.Uploaded)
            {
                await Services.SettleWithoutBatchAsync(db, chunk, cancellationToken);
                continue;
            }
            var chunkData = new ChunkWorkflowData { TaskId = task.TaskId, Round = round, Chunk = chunk.Chunk };
            chunk.WorkflowId = await launcher.EnsureStartedAsync(chunkData, task.DefinitionVersion, cancellationToken);
            chunk.UpdatedAt = Services.Time.GetUtcNow();
        }
        // The instance ids are saved once for the round, not once per chunk: each save would look over every chunk this
        // context tracks (hundreds), and a round's worth of commits held the round's start back. An id lost to a crash
        // before this save is found again by the chunk's reference when the step runs again.
        await db.SaveChangesAsync(cancellationToken);

        var open = await db.Chunks.CountAsync(
            c => c.TaskId == task.TaskId && c.Round == round && c.Phase != ChunkPhase.Collected, cancellationToken);
        return open == 0 ? ExecutionResult.Next() : ExecutionResult.Sleep(Services.Parameters.RoundCheckInterval, null);
    }
}
