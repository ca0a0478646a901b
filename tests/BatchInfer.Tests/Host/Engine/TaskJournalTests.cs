using BatchInfer.Activities.State;
using BatchInfer.Host.Engine;
using Microsoft.Data.Sqlite;

namespace BatchInfer.Tests.Host.Engine;

/// <summary>Reading a task's journal from a real state file: newest first, a page at a time, by kind.</summary>
public sealed class TaskJournalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("batchinfer-journal-").FullName;
    private readonly StateDatabase _database;

    public TaskJournalTests()
    {
        _database = new StateDatabase(Path.Combine(_directory, StateDatabase.FileName));
        _database.EnsureSchema();
        using var db = _database.CreateContext();
        foreach (var task in new[] { "a", "b" })
        {
            db.Tasks.Add(new TaskEntity { TaskId = task, InputPath = "in", InputFingerprint = "f", ConfigJson = "{}", ConfigFingerprint = "c" });
        }
        var at = DateTimeOffset.UnixEpoch;
        string[] kinds = [JournalKinds.Split, JournalKinds.BatchCreated, JournalKinds.Pause, JournalKinds.BatchCreated, JournalKinds.Resume];
        for (var i = 0; i < kinds.Length; i++)
        {
            db.AddJournal("a", 0, kinds[i] == JournalKinds.BatchCreated ? i : null, kinds[i], $"entry {i}", at.AddSeconds(i));
            db.AddJournal("b", 0, null, JournalKinds.Split, $"other task {i}", at);
        }
        db.SaveChanges();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PageAsync_PagesOfTwo_NewestFirstEveryEntryOnceThenNoNextPage()
    {
        var journal = new TaskJournal(_database);
        var messages = new List<string>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = (await journal.PageAsync("a", kind: null, before, limit: 2, CancellationToken.None))!;
            messages.AddRange(page.Entries.Select(e => e.Message));
            before = page.NextBefore;
            pages++;
        }
        while (before is not null);

        Assert.Equal(["entry 4", "entry 3", "entry 2", "entry 1", "entry 0"], messages);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task PageAsync_KindGiven_OnlyThatKindWithItsChunk()
    {
        var page = (await new TaskJournal(_database).PageAsync("a", JournalKinds.BatchCreated, before: null, limit: 10, CancellationToken.None))!;

        Assert.Equal([(3, "entry 3"), (1, "entry 1")], page.Entries.Select(e => (e.Chunk!.Value, e.Message)));
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public async Task PageAsync_UnknownTaskOrBadArguments_NullOrTheReason()
    {
        var journal = new TaskJournal(_database);

        Assert.Null(await journal.PageAsync("nosuch", kind: null, before: null, limit: 10, CancellationToken.None));
        Assert.Contains("unknown journal kind 'paused'; the kinds are cancel, pause", TaskJournal.Problem("paused", 10), StringComparison.Ordinal);
        Assert.Equal($"limit 0 is not between 1 and {TaskJournal.MaxLimit}", TaskJournal.Problem(null, 0));
        Assert.Null(TaskJournal.Problem(JournalKinds.Error, TaskJournal.MaxLimit));
    }
}
