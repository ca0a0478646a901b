using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace BatchInfer.Host.Persistence;

/// <summary>
/// busy_timeout is per connection, so it is set on each new native connection; journal_mode=WAL is persistent in
/// the file and costs nothing once set, but setting it here means whichever of our contexts creates the file
/// switches it to WAL. A pooled connection keeps its native handle between opens, and it is set up once per handle:
/// re-running the pragmas on every open was a visible share of a poll's CPU (docs/engine.md).
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();

    private static readonly string Pragmas =
        $"PRAGMA busy_timeout = {(int)SqliteDatabase.BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL;";

    private static readonly ConditionalWeakTable<sqlite3, object> SetUp = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNewHandle(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNewHandle(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool IsNewHandle(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || SetUp.TryAdd(handle, SetUp);
}
