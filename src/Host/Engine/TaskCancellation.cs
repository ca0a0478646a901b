using BatchInfer.Activities.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BatchInfer.Host.Engine;

/// <summary>
/// Sets tasks.CancelRequested. The steps observe it (no new batches, one remote cancel per running batch,
/// partial output salvaged, the round reconciled as the last one); nothing here calls the provider.
/// </summary>
internal sealed partial class TaskCancellation(StateDatabase database, TimeProvider time, ILogger<TaskCancellation> logger) : ITaskCancellation
{
    public async Task<CancelOutcome> RequestAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow();
        // One statement: a task that finishes meanwhile is either flagged before or reported finished, never both.
        var flagged = await db.Tasks
            .Where(t => t.TaskId == taskId && t.Phase != TaskPhase.Finished)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelRequested, true).SetProperty(t => t.UpdatedAt, now), cancellationToken);
        if (flagged > 0)
        {
            CancelRequested(logger, taskId);
            return CancelOutcome.Requested;
        }
        return await db.Tasks.AnyAsync(t => t.TaskId == taskId, cancellationToken) ? CancelOutcome.AlreadyFinished : CancelOutcome.Unknown;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: cancel requested")]
    private static partial void CancelRequested(ILogger logger, string taskId);
}
