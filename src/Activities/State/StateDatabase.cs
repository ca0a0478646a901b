using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BatchInfer.Activities.State;

/// <summary>The task and chunk tables in the working directory's state file (shared with the engine's tables).</summary>
public sealed class StateDatabase
{
    public const string FileName = "batch_infer.db";

    private const string Component = "tasks";

    // Versioned DDL (SchemaMigrator): EnsureCreated skips a file that already holds the engine's tables,
    // and state files of earlier versions must gain new columns. Append steps; never edit one that shipped.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS tasks (
            TaskId TEXT NOT NULL PRIMARY KEY,
            InputPath TEXT NOT NULL,
            InputFingerprint TEXT NOT NULL,
            ConfigJson TEXT NOT NULL,
            ConfigFingerprint TEXT NOT NULL,
            WorkflowId TEXT NULL,
            Phase INTEGER NOT NULL,
            Outcome INTEGER NOT NULL,
            CurrentRound INTEGER NOT NULL,
            PhysicalLines INTEGER NOT NULL,
            BlankLines INTEGER NOT NULL,
            ValidRecords INTEGER NOT NULL,
            InvalidRecords INTEGER NOT NULL,
            Succeeded INTEGER NOT NULL,
            FailedFinal INTEGER NOT NULL,
            Missing INTEGER NOT NULL,
            PromptTokens INTEGER NOT NULL,
            CompletionTokens INTEGER NOT NULL,
            BlockedReason TEXT NULL,
            CreatedAt INTEGER NOT NULL,
            UpdatedAt INTEGER NOT NULL,
            FinishedAt INTEGER NULL
        );
        CREATE TABLE IF NOT EXISTS chunks (
            TaskId TEXT NOT NULL,
            Round INTEGER NOT NULL,
            Chunk INTEGER NOT NULL,
            Records INTEGER NOT NULL,
            Bytes INTEGER NOT NULL,
            Phase INTEGER NOT NULL,
            WorkflowId TEXT NULL,
            FileId TEXT NULL,
            BatchId TEXT NULL,
            RemoteState INTEGER NULL,
            OutputFileId TEXT NULL,
            ErrorFileId TEXT NULL,
            RemoteCompleted INTEGER NOT NULL,
            RemoteFailed INTEGER NOT NULL,
            LastError TEXT NULL,
            UpdatedAt INTEGER NOT NULL,
            PRIMARY KEY (TaskId, Round, Chunk)
        );
        """,
        "ALTER TABLE tasks ADD COLUMN CancelRequested INTEGER NOT NULL DEFAULT 0;",
        "ALTER TABLE chunks ADD COLUMN CancelSent INTEGER NOT NULL DEFAULT 0;",
        "ALTER TABLE tasks ADD COLUMN ProtectedPassword TEXT NULL;",
        """
        ALTER TABLE tasks ADD COLUMN Paused INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tasks ADD COLUMN RetryRound INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tasks ADD COLUMN FirstFinalRound INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS journal (
            Id INTEGER NOT NULL PRIMARY KEY,
            TaskId TEXT NOT NULL,
            At INTEGER NOT NULL,
            Kind TEXT NOT NULL,
            Round INTEGER NOT NULL,
            Chunk INTEGER NULL,
            Message TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS journal_by_task ON journal (TaskId, Id);
        """,
        """
        ALTER TABLE tasks ADD COLUMN ApprovalRequestedAt INTEGER NULL;
        ALTER TABLE tasks ADD COLUMN ApprovedAt INTEGER NULL;
        """,
        """
        ALTER TABLE tasks ADD COLUMN DefinitionVersion INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE tasks ADD COLUMN DefinitionSource TEXT NULL;
        """,
        """
        ALTER TABLE chunks ADD COLUMN SubmittedAt INTEGER NULL;
        ALTER TABLE chunks ADD COLUMN ExpiresAt INTEGER NULL;
        ALTER TABLE chunks ADD COLUMN EndedAt INTEGER NULL;
        """,
    ];

    // Steps open a context on every run: pooled contexts skip the per-context set-up.
    private readonly PooledDbContextFactory<StateDbContext> _contexts;

    public StateDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 60 }.ToString();
        _contexts = new PooledDbContextFactory<StateDbContext>(new DbContextOptionsBuilder<StateDbContext>().UseSqlite(ConnectionString).Options);
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public StateDbContext CreateContext() => _contexts.CreateDbContext();

    public void EnsureSchema()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
        using var db = CreateContext();
        SchemaMigrator.Migrate(db, Component, Migrations);
    }
}
