using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BatchInfer.Activities.Steps;

/// <summary>What every step needs, in one constructor parameter.</summary>
public sealed class StepServices(
    StateDatabase database,
    TaskRuntimeRegistry runtimes,
    TimeProvider time,
    ILogger<StepServices> logger,
    PipelineParameters? parameters = null,
    IWorkflowWaker? waker = null,
    TaskChangeFeed? changes = null)
{
    /// <summary>How long a step whose task has no runtime yet sleeps by itself; registering the runtime wakes it at once.</summary>
    public static readonly TimeSpan RuntimeWait = TimeSpan.FromSeconds(30);

    public StateDatabase Database { get; } = database;

    public TaskRuntimeRegistry Runtimes { get; } = runtimes;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>Intervals and backoff from the pipeline definition.</summary>
    public PipelineParameters Parameters { get; } = parameters ?? PipelineDefinition.Default.Parameters;

    /// <summary>A journal entry about the chunk, written by the next save of <paramref name="db"/>.</summary>
    public void Journal(StateDbContext db, ChunkEntity chunk, string kind, string message) =>
        db.AddJournal(chunk.TaskId, chunk.Round, chunk.Chunk, kind, message, Time.GetUtcNow());

    /// <summary>A journal entry about the task's current round, written by the next save of <paramref name="db"/>.</summary>
    public void Journal(StateDbContext db, TaskEntity task, string kind, string message) =>
        db.AddJournal(task.TaskId, task.CurrentRound, chunk: null, kind, message, Time.GetUtcNow());

    public async Task SaveAsync(StateDbContext db, ChunkEntity chunk, CancellationToken cancellationToken)
    {
        chunk.UpdatedAt = Time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        changes?.Changed(chunk.TaskId);
    }

    /// <summary>Marks the chunk collected; the last one of its round wakes the task, whose round step waits for that.</summary>
    public async Task SaveCollectedAsync(StateDbContext db, ChunkEntity chunk, CancellationToken cancellationToken)
    {
        chunk.Phase = ChunkPhase.Collected;
        await SaveAsync(db, chunk, cancellationToken);
        if (waker is null
            || await db.Chunks.AnyAsync(c => c.TaskId == chunk.TaskId && c.Round == chunk.Round && c.Phase != ChunkPhase.Collected, cancellationToken))
        {
            return;
        }
        if (await db.Tasks.Where(t => t.TaskId == chunk.TaskId).Select(t => t.WorkflowId).SingleOrDefaultAsync(cancellationToken) is { } taskWorkflow)
        {
            waker.Wake(taskWorkflow);
        }
    }

    public async Task SaveAsync(StateDbContext db, TaskEntity task, CancellationToken cancellationToken)
    {
        task.UpdatedAt = Time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        changes?.Changed(task.TaskId);
    }

    /// <summary>Records why the task cannot progress (e.g. a refused credential) so the command line can say so.</summary>
    public async Task BlockAsync(string taskId, string reason, CancellationToken cancellationToken)
    {
        await using var db = Database.CreateContext();
        await db.Tasks.Where(t => t.TaskId == taskId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.BlockedReason, reason), cancellationToken);
        changes?.Changed(taskId);
    }

    public async Task ClearBlockedAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = Database.CreateContext();
        if (await db.Tasks.Where(t => t.TaskId == taskId && t.BlockedReason != null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.BlockedReason, (string?)null), cancellationToken) > 0)
        {
            changes?.Changed(taskId);
        }
    }
}
