using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Activities.Steps;

/// <summary>What a chunk about to create its batch does while its task is paused (tasks.Paused).</summary>
internal static class PausedChunks
{
    // Read once per run of a chunk's submit step: compiled once, like the cancel flag.
    private static readonly Func<StateDbContext, string, CancellationToken, Task<bool>> Paused =
        EF.CompileAsyncQuery((StateDbContext db, string taskId, CancellationToken _) => db.Tasks.Any(t => t.TaskId == taskId && t.Paused));

    /// <summary>
    /// True when the task is paused: the chunk leaves the batch-slot queue, so that it holds no slot back from other tasks,
    /// and its step sleeps until the resume wakes it (the sleep is only the backstop).
    /// </summary>
    public static async Task<bool> HoldIfPausedAsync(
        this StateDbContext db, ChunkEntity chunk, FairScheduler scheduler, EndpointKey endpoint, CancellationToken cancellationToken)
    {
        if (!await Paused(db, chunk.TaskId, cancellationToken))
        {
            return false;
        }
        scheduler.Withdraw(endpoint, chunk.Tag);
        return true;
    }
}
