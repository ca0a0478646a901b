using BatchInfer.Activities.State;
using BatchInfer.Host.Api;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Engine;

/// <summary>The read models of the API and the monitor, computed from the state tables.</summary>
internal sealed class TaskQueries(StateDatabase database, StepErrorLog errors, TimeProvider time)
{
    public async Task<IReadOnlyList<TaskSummaryDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var tasks = await db.Tasks.AsNoTracking().OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        var summaries = new List<TaskSummaryDto>(tasks.Count);
        foreach (var task in tasks)
        {
            summaries.Add(Summarise(task, await CurrentRoundAsync(db, task, cancellationToken)));
        }
        return summaries;
    }

    public async Task<TaskSummaryDto?> GetSummaryAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.TaskId == taskId, cancellationToken);
        return task is null ? null : Summarise(task, await CurrentRoundAsync(db, task, cancellationToken));
    }

    public async Task<TaskDetailDto?> GetDetailAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.TaskId == taskId, cancellationToken);
        if (task is null)
        {
            return null;
        }
        var chunks = await db.Chunks.AsNoTracking().Where(c => c.TaskId == taskId)
            .OrderBy(c => c.Round).ThenBy(c => c.Chunk)
            .ToListAsync(cancellationToken);
        var current = chunks.Where(c => c.Round == task.CurrentRound).ToList();
        return new TaskDetailDto(Summarise(task, current), [.. chunks.Select(ToDto)]);
    }

    /// <summary>The tasks that have a batch whose id contains <paramref name="fragment"/> (the Studio's search).</summary>
    public async Task<IReadOnlySet<string>> TasksWithBatchAsync(string fragment, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var ids = await db.Chunks.AsNoTracking().Where(c => c.BatchId != null && c.BatchId.Contains(fragment))
            .Select(c => c.TaskId).Distinct().ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The Overview's health figures: chunks whose last call failed since <paramref name="errorsSince"/>; submitted chunks
    /// whose row has not changed since <paramref name="quietBefore"/> (a batch the provider seems to sit on) and those whose
    /// batch expires before <paramref name="expiringBefore"/>, up to <paramref name="shown"/> of each.
    /// </summary>
    public async Task<ChunkHealthDto> ChunkHealthAsync(
        DateTimeOffset errorsSince, DateTimeOffset quietBefore, DateTimeOffset expiringBefore, int shown, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var active = db.Tasks.Where(t => t.Phase != TaskPhase.Finished).Select(t => t.TaskId);
        var chunks = db.Chunks.AsNoTracking().Where(c => active.Contains(c.TaskId));
        var inFlight = chunks.Where(c => c.Phase == ChunkPhase.Submitted);
        var failing = await chunks.CountAsync(c => c.LastError != null && c.UpdatedAt >= errorsSince, cancellationToken);
        var inFlightCount = await inFlight.CountAsync(cancellationToken);
        var quiet = await inFlight.Where(c => c.UpdatedAt < quietBefore).OrderBy(c => c.UpdatedAt).Take(shown).ToListAsync(cancellationToken);
        var expiring = await inFlight.Where(c => c.ExpiresAt < expiringBefore).OrderBy(c => c.ExpiresAt).Take(shown).ToListAsync(cancellationToken);
        return new ChunkHealthDto(inFlightCount, failing, WithTask(quiet), WithTask(expiring));
    }

    private static TaskChunkDto[] WithTask(List<ChunkEntity> chunks) => [.. chunks.Select(c => new TaskChunkDto(c.TaskId, ToDto(c)))];

    /// <summary>Whether any task still has work the daemon must do (blocked tasks wait for the user, not for the daemon).</summary>
    public async Task<int> CountActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Tasks.CountAsync(t => t.Phase != TaskPhase.Finished && t.BlockedReason == null, cancellationToken);
    }

    private static Task<List<ChunkEntity>> CurrentRoundAsync(StateDbContext db, TaskEntity task, CancellationToken cancellationToken) =>
        db.Chunks.AsNoTracking().Where(c => c.TaskId == task.TaskId && c.Round == task.CurrentRound).ToListAsync(cancellationToken);

    private TaskSummaryDto Summarise(TaskEntity task, IReadOnlyList<ChunkEntity> currentRound)
    {
        var settled = task.Succeeded + task.FailedFinal + task.Missing;
        var total = task.ValidRecords;
        var finished = task.Phase == TaskPhase.Finished;
        // Answers of the running round are not settled until it reconciles, but they are progress.
        var answered = finished || task.Phase == TaskPhase.Merging ? 0 : currentRound.Sum(c => (long)c.RemoteCompleted);
        var done = Math.Min(total, settled + answered);
        var elapsed = ((task.FinishedAt ?? time.GetUtcNow()) - task.CreatedAt).TotalSeconds;
        double? throughput = elapsed > 0 && done > 0 ? done / elapsed : null;
        double? eta = finished || throughput is not { } rate ? null : (total - done) / rate;
        var blockedReason = task.BlockedReason ?? (finished ? null : errors.LastFor(task.TaskId));

        return new TaskSummaryDto(
            task.TaskId,
            TaskStatusNames.Of(task, blockedReason),
            finished ? 100 : total == 0 ? 0 : Math.Round(100.0 * done / total, 1),
            new RecordCountsDto(total, task.Succeeded, task.FailedFinal, task.Missing, Math.Max(0, total - settled), task.InvalidRecords, answered),
            task.CurrentRound,
            StoredConfig.MaxRetryCount(task.ConfigJson),
            ChunkStates.Count(currentRound),
            task.CreatedAt,
            task.FinishedAt,
            Math.Round(Math.Max(0, elapsed), 3),
            throughput is { } t ? Math.Round(t, 2) : null,
            eta is { } e ? Math.Round(e, 1) : null,
            blockedReason,
            ChunkStates.ErrorsByCode(currentRound),
            new TokensDto(task.PromptTokens, task.CompletionTokens),
            task.DefinitionVersion);
    }

    private static ChunkDto ToDto(ChunkEntity chunk) => new(
        chunk.Round,
        chunk.Chunk,
        chunk.Records,
        ChunkStates.PhaseName(chunk.Phase),
        chunk.RemoteState is { } state ? ChunkStates.RemoteName(state) : null,
        chunk.BatchId,
        chunk.RemoteCompleted,
        chunk.RemoteFailed,
        chunk.LastError,
        chunk.FileId,
        chunk.OutputFileId,
        chunk.ErrorFileId,
        chunk.UpdatedAt,
        chunk.SubmittedAt,
        chunk.ExpiresAt,
        chunk.EndedAt);
}
