using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BatchInfer.Activities.Steps;

/// <summary>What every step needs, in one constructor parameter.</summary>
public sealed class StepServices(
    StateDatabase database, TaskRuntimeRegistry runtimes, TimeProvider time, ILogger<StepServices> logger, PipelineParameters? parameters = null)
{
    /// <summary>How long a step waits for its task's runtime to be registered by the host.</summary>
    public static readonly TimeSpan RuntimeWait = TimeSpan.FromSeconds(1);

    public StateDatabase Database { get; } = database;

    public TaskRuntimeRegistry Runtimes { get; } = runtimes;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>Intervals and backoff from the pipeline definition.</summary>
    public PipelineParameters Parameters { get; } = parameters ?? PipelineDefinition.Default.Parameters;

    public Task SaveAsync(StateDbContext db, ChunkEntity chunk, CancellationToken cancellationToken)
    {
        chunk.UpdatedAt = Time.GetUtcNow();
        return db.SaveChangesAsync(cancellationToken);
    }

    public Task SaveAsync(StateDbContext db, TaskEntity task, CancellationToken cancellationToken)
    {
        task.UpdatedAt = Time.GetUtcNow();
        return db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records why the task cannot progress (e.g. a refused credential) so the command line can say so.</summary>
    public async Task BlockAsync(string taskId, string reason, CancellationToken cancellationToken)
    {
        await using var db = Database.CreateContext();
        await db.Tasks.Where(t => t.TaskId == taskId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.BlockedReason, reason), cancellationToken);
    }

    public async Task ClearBlockedAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = Database.CreateContext();
        await db.Tasks.Where(t => t.TaskId == taskId && t.BlockedReason != null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.BlockedReason, (string?)null), cancellationToken);
    }
}
