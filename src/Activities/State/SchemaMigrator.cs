using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Activities.State;

/// <summary>
/// Brings one component's tables up to date. Each component (the workflow store, the task store, …)
/// keeps its own row in <c>schema_versions</c>, so several DbContexts share one file without
/// stepping on each other; EnsureCreated cannot do that because it skips when any table exists.
/// </summary>
public static class SchemaMigrator
{
    /// <param name="steps">steps[i] moves the component from version i to version i + 1.</param>
    public static void Migrate(DbContext db, string component, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(steps);

        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: two processes cannot migrate at once.
        using var transaction = db.Database.BeginTransaction();
        db.Database.ExecuteSqlRaw(
            "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL);");
        var current = db.Database
            .SqlQuery<int>($"SELECT version AS Value FROM schema_versions WHERE component = {component}")
            .AsEnumerable()
            .FirstOrDefault();

        if (current > steps.Count)
        {
            throw new InvalidOperationException(
                $"The state database holds '{component}' schema version {current}, but this build of BatchInfer only knows versions up to {steps.Count}; use a newer build.");
        }

        for (var version = current; version < steps.Count; version++)
        {
            db.Database.ExecuteSqlRaw(steps[version]);
        }

        db.Database.ExecuteSql(
            $"INSERT INTO schema_versions (component, version) VALUES ({component}, {steps.Count}) ON CONFLICT (component) DO UPDATE SET version = excluded.version;");
        transaction.Commit();
    }
}
