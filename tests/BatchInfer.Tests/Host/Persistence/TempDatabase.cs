using BatchInfer.Host.Persistence;
using Microsoft.Data.Sqlite;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>A state database file in its own temporary directory, removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _directory =
        Directory.CreateTempSubdirectory("batchinfer-persistence-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "state.db");

    public SqlitePersistenceProvider OpenStore()
    {
        var store = new SqlitePersistenceProvider(Path);
        store.EnsureStoreExists();
        return store;
    }

    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(SqliteDatabase.ConnectionString(Path));
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(SqliteDatabase.ConnectionString(Path)))
        {
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing must not fail the test; the OS temp cleaner takes the rest.
        }
    }
}
