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

    protected static ChunkEntity NewChunk(string taskId, int round, int chunk, int records, long bytes, DateTimeOffset now) => new()
    {
        TaskId = taskId,
        Round = round,
        Chunk = chunk,
        Records = records,
        Bytes = bytes,
        Phase = ChunkPhase.Pending,
        UpdatedAt = now,
    };
}
