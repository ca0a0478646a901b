using BatchInfer.Activities.State;
using BatchInfer.Host.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

/// <summary>
/// WorkflowCore's store on one SQLite file. The engine calls it from many threads at once, so every
/// call takes its own short-lived context from a pool; SQLite's WAL and busy_timeout serialise writers.
/// </summary>
internal sealed partial class SqlitePersistenceProvider : IPersistenceProvider
{
    private readonly PooledDbContextFactory<WorkflowDbContext> _contexts;
    private readonly Action<WorkflowInstance>? _loaded;

    /// <param name="loaded">Sees every instance loaded for the engine before the engine does.</param>
    public SqlitePersistenceProvider(string databasePath, Action<WorkflowInstance>? loaded = null)
    {
        _loaded = loaded;
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        var options = new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseStateDatabase(DatabasePath)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options;
        _contexts = new PooledDbContextFactory<WorkflowDbContext>(options);
    }

    public string DatabasePath { get; }

    public bool SupportsScheduledCommands => true;

    /// <summary>Idempotent: creates or migrates only this store's tables and leaves any others in the file alone.</summary>
    public void EnsureStoreExists()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        using var db = Open();
        SchemaMigrator.Migrate(db, WorkflowSchema.Component, WorkflowSchema.Steps);
    }

    public async Task PersistErrors(IEnumerable<ExecutionError> errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        await using var db = Open();
        db.Errors.AddRange(errors.Select(error => error.ToPersisted()));
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The errors the engine recorded for one workflow, oldest first (for monitor and dashboard).</summary>
    public async Task<IReadOnlyList<ExecutionError>> GetErrorsAsync(string workflowId, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var rows = await db.Errors.Where(x => x.WorkflowId == workflowId).OrderBy(x => x.Id).ToListAsync(cancellationToken);
        return rows.ConvertAll(row => row.ToExecutionError());
    }

    private WorkflowDbContext Open() => _contexts.CreateDbContext();

    /// <summary>The engine expects the store to choose ids; the caller copies it onto the engine's model.</summary>
    private async Task<string> InsertWithNewId<TRow>(TRow row, CancellationToken cancellationToken)
        where TRow : class, IPersistedWithId
    {
        row.Id = NewId();
        await using var db = Open();
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    private static string NewId() => Guid.NewGuid().ToString();
}
