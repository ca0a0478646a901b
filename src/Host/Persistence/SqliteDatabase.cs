using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Persistence;

/// <summary>
/// Connection settings shared by every DbContext on the state database, so that all of them agree on
/// WAL journaling and on how long to wait for a lock held by another connection.
/// </summary>
internal static class SqliteDatabase
{
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(databasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = (int)BusyTimeout.TotalSeconds,
    }.ToString();

    public static DbContextOptionsBuilder<TContext> UseStateDatabase<TContext>(
        this DbContextOptionsBuilder<TContext> builder, string databasePath)
        where TContext : DbContext =>
        builder
            .UseSqlite(ConnectionString(databasePath))
            .AddInterceptors(SqlitePragmaInterceptor.Instance);
}
