using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BatchInfer.Host.Persistence;

/// <summary>
/// busy_timeout is per connection, so it is set on every open; journal_mode=WAL is persistent in the
/// file and costs nothing once set, but setting it here means whichever of our contexts creates the
/// file switches it to WAL.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();

    private static readonly string Pragmas =
        $"PRAGMA busy_timeout = {(int)SqliteDatabase.BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
