using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Activities.Steps;

/// <summary>What the chunk steps do once their task's cancel was requested (tasks.CancelRequested).</summary>
internal static class CancelledChunks
{
    /// <summary>Read afresh on every run: the flag is set by another context while the chunk workflow sleeps.</summary>
    public static Task<bool> IsCancelRequestedAsync(this StateDbContext db, string taskId, CancellationToken cancellationToken) =>
        CancelRequested(db, taskId, cancellationToken);

    // Read on every poll of every chunk: compiled once.
    private static readonly Func<StateDbContext, string, CancellationToken, Task<bool>> CancelRequested =
        EF.CompileAsyncQuery((StateDbContext db, string taskId, CancellationToken _) => db.Tasks.Any(t => t.TaskId == taskId && t.CancelRequested));

    /// <summary>
    /// A chunk waiting for a slot whose task was cancelled (the cancel wakes it) settles without the slot it no longer
    /// needs, and withdraws from the queue so that it stops holding back the waiters after it. True when it did.
    /// </summary>
    public static async Task<bool> SettleIfCancelledAsync(
        this StepServices services, StateDbContext db, ChunkEntity chunk, FairScheduler scheduler, EndpointKey endpoint, CancellationToken cancellationToken)
    {
        if (!await db.IsCancelRequestedAsync(chunk.TaskId, cancellationToken))
        {
            return false;
        }
        scheduler.Withdraw(endpoint, chunk.Tag);
        await services.SettleWithoutBatchAsync(db, chunk, cancellationToken);
        return true;
    }

    /// <summary>
    /// A chunk that has no batch is settled as collected without files: the round's reconciliation, the last one
    /// under a cancel, then reports its records missing (or failed, with the error an earlier round gave them). Nothing was sent, so nothing is paid.
    /// </summary>
    public static Task SettleWithoutBatchAsync(this StepServices services, StateDbContext db, ChunkEntity chunk, CancellationToken cancellationToken)
    {
        StepLog.SettledWithoutBatch(services.Logger, chunk.TaskId, chunk.Round, chunk.Chunk, chunk.Records);
        return services.SaveCollectedAsync(db, chunk, cancellationToken);
    }
}
