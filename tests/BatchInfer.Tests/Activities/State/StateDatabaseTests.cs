using BatchInfer.Activities.State;
using Microsoft.Data.Sqlite;

namespace BatchInfer.Tests.Activities.State;

/// <summary>State files of earlier versions are brought up to date in place, their rows kept.</summary>
public sealed class StateDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("batchinfer-state-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void EnsureSchema_FileOfTheVersionBeforeJournalAndPause_GainsThemAndKeepsItsTask()
    {
        var database = DatabaseWithTask("old", round: 2);
        // What a state file of the previous version holds: no journal, no pause or retry columns, tasks schema version 4.
        Execute(database, """
            DROP TABLE journal;
            ALTER TABLE tasks DROP COLUMN Paused;
            ALTER TABLE tasks DROP COLUMN RetryRound;
            ALTER TABLE tasks DROP COLUMN FirstFinalRound;
            ALTER TABLE tasks DROP COLUMN ApprovalRequestedAt;
            ALTER TABLE tasks DROP COLUMN ApprovedAt;
            ALTER TABLE tasks DROP COLUMN DefinitionVersion;
            ALTER TABLE tasks DROP COLUMN DefinitionSource;
            ALTER TABLE chunks DROP COLUMN SubmittedAt;
            ALTER TABLE chunks DROP COLUMN ExpiresAt;
            ALTER TABLE chunks DROP COLUMN EndedAt;
            UPDATE schema_versions SET version = 4 WHERE component = 'tasks';
            """);

        database.EnsureSchema();

        using var after = database.CreateContext();
        var task = after.Tasks.Single();
        Assert.Equal(("old", 2, false, 0, 0), (task.TaskId, task.CurrentRound, task.Paused, task.RetryRound, task.FirstFinalRound));
        after.AddJournal("old", 2, chunk: null, JournalKinds.Pause, "paused", DateTimeOffset.UnixEpoch);
        after.SaveChanges();
        Assert.Equal("paused", after.Journal.Single().Message);
    }

    [Fact]
    public void EnsureSchema_FileOfTheVersionBeforeApprovalAndDefinitionVersions_TaskIsUnapprovedOnVersion1()
    {
        var database = DatabaseWithTask("old", round: 0);
        Execute(database, """
            ALTER TABLE tasks DROP COLUMN ApprovalRequestedAt;
            ALTER TABLE tasks DROP COLUMN ApprovedAt;
            ALTER TABLE tasks DROP COLUMN DefinitionVersion;
            ALTER TABLE tasks DROP COLUMN DefinitionSource;
            ALTER TABLE chunks DROP COLUMN SubmittedAt;
            ALTER TABLE chunks DROP COLUMN ExpiresAt;
            ALTER TABLE chunks DROP COLUMN EndedAt;
            UPDATE schema_versions SET version = 5 WHERE component = 'tasks';
            """);

        database.EnsureSchema();

        using var after = database.CreateContext();
        var task = after.Tasks.Single();
        // Its instances were started as version 1 of the definition, the only one there was.
        Assert.Equal(("old", null, null, 1, null), (task.TaskId, task.ApprovalRequestedAt, task.ApprovedAt, task.DefinitionVersion, task.DefinitionSource));
    }

    [Fact]
    public void EnsureSchema_FileOfTheVersionBeforeBatchTimes_ChunksKeptWithoutTimesAndTakeThemAfter()
    {
        var database = DatabaseWithTask("old", round: 0);
        using (var db = database.CreateContext())
        {
            db.Chunks.Add(new ChunkEntity { TaskId = "old", Chunk = 0, Phase = ChunkPhase.Submitted, BatchId = "batch_1" });
            db.SaveChanges();
        }
        Execute(database, """
            ALTER TABLE chunks DROP COLUMN SubmittedAt;
            ALTER TABLE chunks DROP COLUMN ExpiresAt;
            ALTER TABLE chunks DROP COLUMN EndedAt;
            UPDATE schema_versions SET version = 7 WHERE component = 'tasks';
            """);

        database.EnsureSchema();

        using var after = database.CreateContext();
        var chunk = after.Chunks.Single();
        Assert.Equal(("batch_1", null, null, null), (chunk.BatchId, chunk.SubmittedAt, chunk.ExpiresAt, chunk.EndedAt));
        var expires = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        chunk.ExpiresAt = expires;
        after.SaveChanges();
        Assert.Equal(1, after.Chunks.Count(c => c.ExpiresAt < expires.AddMinutes(1)));
    }

    private StateDatabase DatabaseWithTask(string taskId, int round)
    {
        var database = new StateDatabase(Path.Combine(_directory, StateDatabase.FileName));
        database.EnsureSchema();
        using var db = database.CreateContext();
        db.Tasks.Add(new TaskEntity { TaskId = taskId, InputPath = "in", InputFingerprint = "f", ConfigJson = "{}", ConfigFingerprint = "c", CurrentRound = round });
        db.SaveChanges();
        return database;
    }

    private static void Execute(StateDatabase database, string sql)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
