using BatchInfer.Host.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

internal sealed partial class SqlitePersistenceProvider
{
    /// <summary>The newest workflow of a definition started with this reference (our task id), or null.</summary>
    public async Task<string?> FindWorkflowIdByReferenceAsync(
        string definitionId, string reference, CancellationToken cancellationToken)
    {
        await using var db = Open();
        return await db.Workflows
            .Where(x => x.DefinitionId == definitionId && x.Reference == reference)
            .OrderByDescending(x => x.CreateTime)
            .Select(x => x.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Removes workflows that completed or were terminated before <paramref name="completedBefore"/>
    /// together with their errors, subscriptions and scheduled commands, plus subscriptions whose
    /// workflow is gone and processed events older than that; then truncates the WAL.
    /// </summary>
    /// <returns>The number of rows removed, all tables together.</returns>
    public async Task<int> PurgeAsync(DateTime completedBefore, CancellationToken cancellationToken)
    {
        var cutoff = UtcDateTimeConverter.ToUtc(completedBefore);
        await using var db = Open();
        var removed = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var finished = Finished(db, cutoff).Select(x => x.Id);
            removed += await db.Subscriptions
                .Where(x => finished.Contains(x.WorkflowId) || !db.Workflows.Any(w => w.Id == x.WorkflowId))
                .ExecuteDeleteAsync(cancellationToken);
            removed += await db.Errors
                .Where(x => finished.Contains(x.WorkflowId!))
                .ExecuteDeleteAsync(cancellationToken);
            removed += await db.ScheduledCommands
                .Where(x => x.CommandName == ScheduledCommand.ProcessWorkflow && finished.Contains(x.Data))
                .ExecuteDeleteAsync(cancellationToken);
            removed += await Finished(db, cutoff).ExecuteDeleteAsync(cancellationToken);
            removed += await db.Events
                .Where(x => x.IsProcessed && x.EventTime < cutoff)
                .ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        return removed;
    }

    private static IQueryable<PersistedWorkflow> Finished(WorkflowDbContext db, DateTime cutoff) =>
        db.Workflows.Where(x =>
            (x.Status == WorkflowStatus.Complete || x.Status == WorkflowStatus.Terminated)
            && x.CompleteTime != null && x.CompleteTime < cutoff);
}
