using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// The frame every task step shares: wait for the task's runtime, load its row, run. Each step decides
/// what to do from the state tables alone, so running it again after a crash repeats nothing that was committed.
/// </summary>
public abstract class TaskStep(StepServices services) : StepBodyAsync
{
    protected StepServices Services { get; } = services;

    public sealed override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var data = (TaskWorkflowData)context.Workflow.Data;
        using var logScope = StepLog.Scope(Services.Logger, data.TaskId, round: null, chunk: null);
        if (Services.Runtimes.FindOrWaitFor(data.TaskId, context.Workflow.Id) is not { } runtime)
        {
            return ExecutionResult.Sleep(StepServices.RuntimeWait, context.PersistenceData);
        }

        await using var db = Services.Database.CreateContext();
        var task = await db.Tasks.SingleAsync(t => t.TaskId == data.TaskId, context.CancellationToken);
        return await RunTaskAsync(runtime, task, db, data, context.CancellationToken);
    }

    protected abstract Task<ExecutionResult> RunTaskAsync(
        TaskRuntime runtime, TaskEntity task, StateDbContext db, TaskWorkflowData data, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="round"/> the task's current one, with a pending row per chunk file and the journal's entry; the caller saves.</summary>
    protected void StartRound(StateDbContext db, TaskEntity task, int round, IReadOnlyList<ChunkInfo> chunks, string journal)
    {
        var now = Services.Time.GetUtcNow();
        db.Chunks.AddRange(chunks.Select(c => new ChunkEntity
        {
            TaskId = task.TaskId,
            Round = round,
            Chunk = c.Index,
            Records = c.Records,
            Bytes = c.Bytes,
            Phase = ChunkPhase.Pending,
            UpdatedAt = now,
        }));
        task.CurrentRound = round;
        Services.Journal(db, task, JournalKinds.RoundStarted, journal);
    }
}
