using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Host.Engine;

/// <summary>Where a chunk's workflow instance stands: whether and when the engine runs its step next, and how its calls went.</summary>
/// <param name="State">sleeping (until <paramref name="NextRunAt"/>) | due (it runs as soon as the engine takes it) | complete | suspended | terminated</param>
/// <param name="FailedCalls">the current step's remote calls that failed in a row (<see cref="StepAttempt.Failures"/>); each is retried after a capped backoff</param>
internal sealed record ChunkRun(string State, DateTimeOffset? NextRunAt, int FailedCalls)
{
    public const string Sleeping = "sleeping";
    public const string Due = "due";

    public static ChunkRun Of(WorkflowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Status != WorkflowStatus.Runnable)
        {
            return new ChunkRun(instance.Status.ToString().ToLowerInvariant(), null, 0);
        }
        // A chunk's steps run one after the other: at most one pointer is active, the step that runs or sleeps now.
        var current = instance.ExecutionPointers.FirstOrDefault(p => p.Active);
        var failed = (current?.PersistenceData as StepAttempt)?.Failures ?? 0;
        // A sleep that a wake-up cleared (docs/engine.md, "Waking instead of polling") has no time: the step is due.
        return current is { Status: PointerStatus.Sleeping, SleepUntil: { } until }
            ? new ChunkRun(Sleeping, new DateTimeOffset(UtcDateTimeConverter.ToUtc(until)), failed)
            : new ChunkRun(Due, null, failed);
    }
}

/// <summary>Reads <see cref="ChunkRun"/> for one chunk, when its drawer asks: a row of the chunks table and one of the workflow store.</summary>
internal sealed class ChunkRuns(StateDatabase database, SqlitePersistenceProvider store)
{
    /// <summary>Null when the chunk has no instance (not started yet, or purged after it completed).</summary>
    public async Task<ChunkRun?> ReadAsync(string taskId, int round, int chunk, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var workflowId = await db.Chunks.Where(c => c.TaskId == taskId && c.Round == round && c.Chunk == chunk)
            .Select(c => c.WorkflowId).SingleOrDefaultAsync(cancellationToken);
        if (workflowId is null)
        {
            return null;
        }
        var instance = (await store.GetWorkflowInstances([workflowId], cancellationToken)).SingleOrDefault();
        return instance is null ? null : ChunkRun.Of(instance);
    }
}
