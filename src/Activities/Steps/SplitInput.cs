using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>Validates the input and cuts it into round-0 chunks; a crash mid-split redoes the split from the start.</summary>
public sealed class SplitInput(StepServices services) : TaskStep(services)
{
    protected override async Task<ExecutionResult> RunTaskAsync(
        TaskRuntime runtime, TaskEntity task, StateDbContext db, TaskWorkflowData data, CancellationToken cancellationToken)
    {
        if (task.Phase > TaskPhase.Splitting)
        {
            return ExecutionResult.Next();
        }

        var split = await InputSplitter.SplitAsync(runtime.InputPath, runtime.Config, runtime.Profile, runtime.Layout, cancellationToken);

        var now = Services.Time.GetUtcNow();
        await db.Chunks.Where(c => c.TaskId == task.TaskId).ExecuteDeleteAsync(cancellationToken);
        db.Chunks.AddRange(split.Chunks.Select(c => NewChunk(task.TaskId, 0, c.Index, c.Records, c.Bytes, now)));
        task.PhysicalLines = split.PhysicalLines;
        task.BlankLines = split.BlankLines;
        task.ValidRecords = split.ValidRecords;
        task.InvalidRecords = split.InvalidRecords;
        task.CurrentRound = 0;
        task.Phase = TaskPhase.Running;
        await Services.SaveAsync(db, task, cancellationToken);
        return ExecutionResult.Next();
    }
}
