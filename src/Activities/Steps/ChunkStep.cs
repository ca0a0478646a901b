using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// The frame every chunk step shares: load the chunk's row, run the step's one remote action, and turn a
/// failed call into a recorded error and a capped backoff (the engine's own error behaviour would retry forever).
/// </summary>
public abstract class ChunkStep(StepServices services) : StepBodyAsync
{
    protected StepServices Services { get; } = services;

    /// <summary>The running instance, for a wait that something else ends by waking it.</summary>
    protected string WorkflowId { get; private set; } = "";

    public sealed override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var data = (ChunkWorkflowData)context.Workflow.Data;
        WorkflowId = context.Workflow.Id;
        using var logScope = StepLog.Scope(Services.Logger, data.TaskId, data.Round, data.Chunk);
        var attempt = context.PersistenceData as StepAttempt ?? new StepAttempt(0);
        if (Services.Runtimes.FindOrWaitFor(data.TaskId, WorkflowId) is not { } runtime)
        {
            return ExecutionResult.Sleep(StepServices.RuntimeWait, attempt);
        }

        await using var db = Services.Database.CreateContext();
        var chunk = await ChunkRow(db, data.TaskId, data.Round, data.Chunk, context.CancellationToken);
        var previousError = chunk.LastError;
        try
        {
            var result = await RunChunkAsync(runtime, chunk, db, attempt, context.CancellationToken);
            // A call that went through clears the error an earlier attempt left (but not one this step just recorded).
            if (previousError is not null && chunk.LastError == previousError)
            {
                chunk.LastError = null;
                await Services.SaveAsync(db, chunk, context.CancellationToken);
                await Services.ClearBlockedAsync(data.TaskId, context.CancellationToken);
            }
            return result;
        }
        catch (Exception ex) when (IsRemoteFailure(ex) && !context.CancellationToken.IsCancellationRequested)
        {
            var backoff = attempt.Backoff(Services.Parameters.RetryBackoffInitial, Services.Parameters.RetryBackoffMax);
            if (ex is BatchApiException { RetryAfter: { } asked } && asked > backoff)
            {
                backoff = asked;
            }
            StepLog.StepFailed(Services.Logger, data.TaskId, data.Round, data.Chunk, GetType().Name, backoff, ex.Message);
            // The same error again (a provider down for hours, retried with backoff) is one entry, not one per attempt.
            if (chunk.LastError != ex.Message)
            {
                Services.Journal(db, chunk, JournalKinds.Error, $"{GetType().Name} failed: {ex.Message}");
            }
            chunk.LastError = ex.Message;
            await Services.SaveAsync(db, chunk, context.CancellationToken);
            if (ex is BatchApiException { IsPermanent: true })
            {
                await Services.BlockAsync(data.TaskId, ex.Message, context.CancellationToken);
            }
            return ExecutionResult.Sleep(backoff, attempt.Failed());
        }
    }

    // Every run of every chunk step reads its row: compiled once, the query skips EF's per-call expression work.
    private static readonly Func<StateDbContext, string, int, int, CancellationToken, Task<ChunkEntity>> ChunkRow =
        EF.CompileAsyncQuery((StateDbContext db, string taskId, int round, int chunk, CancellationToken _) =>
            db.Chunks.Single(c => c.TaskId == taskId && c.Round == round && c.Chunk == chunk));

    // Anything the network or the provider can do to a call; a bug elsewhere suspends the workflow instead.
    private static bool IsRemoteFailure(Exception ex) =>
        ex is BatchApiException or HttpRequestException or TimeoutException or OperationCanceledException or IOException;

    /// <summary>Does this step's part for one chunk; returns Next, or Sleep to be run again.</summary>
    protected abstract Task<ExecutionResult> RunChunkAsync(
        TaskRuntime runtime, ChunkEntity chunk, StateDbContext db, StepAttempt attempt, CancellationToken cancellationToken);
}
