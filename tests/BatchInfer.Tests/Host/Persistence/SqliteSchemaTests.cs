using BatchInfer.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Tests.Host.Persistence;

public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public void EnsureStoreExists_FileWithAnotherContextsTables_KeepsThemAndAddsItsOwn()
    {
        _database.Execute("CREATE TABLE tasks (id TEXT PRIMARY KEY, input TEXT); INSERT INTO tasks VALUES ('t1', 'in.jsonl');");

        new SqlitePersistenceProvider(_database.Path).EnsureStoreExists();

        Assert.Equal("in.jsonl", _database.Scalar("SELECT input FROM tasks WHERE id = 't1'"));
        Assert.Equal(5L, _database.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'wf\\_%' ESCAPE '\\'"));
        Assert.Equal(1L, _database.Scalar($"SELECT version FROM schema_versions WHERE component = '{WorkflowSchema.Component}'"));
    }

    [Fact]
    public async Task EnsureStoreExists_RunAgainOnAFileInUse_KeepsDataAndVersion()
    {
        var first = new SqlitePersistenceProvider(_database.Path);
        first.EnsureStoreExists();
        var id = await first.CreateNewWorkflow(SampleWorkflows.Rich(DateTime.UnixEpoch));

        new SqlitePersistenceProvider(_database.Path).EnsureStoreExists();
        first.EnsureStoreExists();

        Assert.NotNull(await first.GetWorkflowInstance(id));
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM schema_versions"));
        Assert.Equal(1L, _database.Scalar("SELECT version FROM schema_versions"));
    }

    [Fact]
    public void EnsureStoreExists_NewFile_UsesWriteAheadLog()
    {
        new SqlitePersistenceProvider(_database.Path).EnsureStoreExists();

        Assert.Equal("wal", _database.Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public void EnsureStoreExists_FileFromANewerBuild_RefusesNamingBothVersions()
    {
        new SqlitePersistenceProvider(_database.Path).EnsureStoreExists();
        _database.Execute("UPDATE schema_versions SET version = 9");

        var error = Assert.Throws<InvalidOperationException>(() => new SqlitePersistenceProvider(_database.Path).EnsureStoreExists());

        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureStoreExists_NewFile_CreatesEveryColumnTheModelMaps()
    {
        new SqlitePersistenceProvider(_database.Path).EnsureStoreExists();
        var options = new DbContextOptionsBuilder<WorkflowDbContext>().UseStateDatabase(_database.Path).Options;
        using var db = new WorkflowDbContext(options);

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                Assert.True(
                    (long)_database.Scalar($"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'")! == 1,
                    $"{table}.{column} is mapped but not created");
            }
        }
    }

    public void Dispose() => _database.Dispose();
}
