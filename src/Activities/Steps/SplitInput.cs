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

        await db.Chunks.Where(c => c.TaskId == task.TaskId).ExecuteDeleteAsync(cancellationToken);
        task.PhysicalLines = split.PhysicalLines;
        task.BlankLines = split.BlankLines;
        task.ValidRecords = split.ValidRecords;
        task.InvalidRecords = split.InvalidRecords;
        task.Phase = TaskPhase.Running;
        Services.Journal(db, task, JournalKinds.Split,
            $"input split: {split.ValidRecords} valid records, {split.InvalidRecords} invalid lines, {split.Chunks.Count} chunks");
        StartRound(db, task, 0, split.Chunks, $"round 0: {split.ValidRecords} records in {split.Chunks.Count} chunks");
        await Services.SaveAsync(db, task, cancellationToken);
        return ExecutionResult.Next();
    }
}
