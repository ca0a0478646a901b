using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BatchInfer.Host.Engine;

/// <summary>
/// Sets tasks.CancelRequested. The steps observe it (no new batches, one remote cancel per running batch,
/// partial output salvaged, the round reconciled as the last one); nothing here calls the provider.
/// </summary>
internal sealed partial class TaskCancellation(
    StateDatabase database, IWorkflowWaker waker, TaskChangeFeed changes, TimeProvider time, ILogger<TaskCancellation> logger)
    : ITaskCancellation
{
    public async Task<CancelOutcome> RequestAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One statement: a task that finishes meanwhile is either flagged before or reported finished, never both.
        var flagged = await db.Tasks
            .Where(t => t.TaskId == taskId && t.Phase != TaskPhase.Finished)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelRequested, true).SetProperty(t => t.UpdatedAt, now), cancellationToken);
        if (flagged > 0)
        {
            // The journal's entry commits with the flag.
            var round = await db.Tasks.Where(t => t.TaskId == taskId).Select(t => t.CurrentRound).SingleAsync(cancellationToken);
            db.AddJournal(taskId, round, chunk: null, JournalKinds.Cancel, "cancel requested: no new batches; running ones are cancelled at the provider", now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            CancelRequested(logger, taskId);
            changes.Changed(taskId);
            await WakeInstancesAsync(db, taskId, cancellationToken);
            return CancelOutcome.Requested;
        }
        return await db.Tasks.AnyAsync(t => t.TaskId == taskId, cancellationToken) ? CancelOutcome.AlreadyFinished : CancelOutcome.Unknown;
    }

    // Sleeping polls and slot waits notice the flag now rather than at the end of their sleep.
    private async Task WakeInstancesAsync(StateDbContext db, string taskId, CancellationToken cancellationToken)
    {
        var chunks = await db.Chunks.Where(c => c.TaskId == taskId && c.WorkflowId != null && c.Phase != ChunkPhase.Collected)
            .Select(c => c.WorkflowId!).ToListAsync(cancellationToken);
        var task = await db.Tasks.Where(t => t.TaskId == taskId).Select(t => t.WorkflowId).SingleOrDefaultAsync(cancellationToken);
        foreach (var workflowId in chunks.Append(task).OfType<string>())
        {
            waker.Wake(workflowId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: cancel requested")]
    private static partial void CancelRequested(ILogger logger, string taskId);
}
