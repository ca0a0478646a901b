using BatchInfer.Activities.State;
using BatchInfer.Host.Engine;
using Microsoft.Data.Sqlite;

namespace BatchInfer.Tests.Host.Engine;

/// <summary>The Overview's batches expiring soon: in-flight chunks of unfinished tasks whose batch expires before the limit, soonest first.</summary>
public sealed class ChunkHealthTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("batchinfer-health-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ChunkHealthAsync_BatchesInFlightExpiringBeforeTheLimit_SoonestFirstOthersLeftOut()
    {
        var database = new StateDatabase(Path.Combine(_directory, StateDatabase.FileName));
        database.EnsureSchema();
        using (var db = database.CreateContext())
        {
            db.Tasks.Add(Task("running", TaskPhase.Running));
            db.Tasks.Add(Task("done", TaskPhase.Finished));
            db.Chunks.AddRange(
                Chunk("running", 0, ChunkPhase.Submitted, Now.AddMinutes(90)),
                Chunk("running", 1, ChunkPhase.Submitted, Now.AddMinutes(30)),
                Chunk("running", 2, ChunkPhase.Submitted, Now.AddHours(5)),
                Chunk("running", 3, ChunkPhase.Collected, Now.AddMinutes(10)),
                Chunk("running", 4, ChunkPhase.Submitted, expiresAt: null),
                Chunk("done", 0, ChunkPhase.Submitted, Now.AddMinutes(10)));
            db.SaveChanges();
        }
        var queries = new TaskQueries(database, new StepErrorLog(), TimeProvider.System);

        var health = await queries.ChunkHealthAsync(Now.AddHours(-1), Now.AddHours(-1), Now.AddHours(2), shown: 50, CancellationToken.None);

        Assert.Equal([("running", 1), ("running", 0)], health.ExpiringBatches.Select(b => (b.TaskId, b.Chunk.Chunk)));
        Assert.Equal(Now.AddMinutes(30), health.ExpiringBatches[0].Chunk.ExpiresAt);
    }

    private static TaskEntity Task(string taskId, TaskPhase phase) =>
        new() { TaskId = taskId, InputPath = "in", InputFingerprint = "f", ConfigJson = "{}", ConfigFingerprint = "c", Phase = phase };

    private static ChunkEntity Chunk(string taskId, int chunk, ChunkPhase phase, DateTimeOffset? expiresAt) =>
        new() { TaskId = taskId, Chunk = chunk, Phase = phase, BatchId = $"batch_{chunk}", ExpiresAt = expiresAt, UpdatedAt = Now };
}
