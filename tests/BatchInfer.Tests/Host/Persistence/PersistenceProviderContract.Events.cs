using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

public abstract partial class PersistenceProviderContract
{
    [Fact]
    public async Task GetEvent_AfterCreate_RoundTripsEveryField()
    {
        var created = NewEvent("chunk-done", "c1", Now);
        var id = await Subject.CreateEvent(created);

        var stored = await Subject.GetEvent(id);

        Assert.Equal(id, created.Id);
        StateAssert.Same(created, stored, "event");
    }

    [Fact]
    public async Task GetEvent_UnknownId_ReturnsNull()
    {
        await Subject.CreateEvent(NewEvent("chunk-done", "c1", Now));

        Assert.Null(await Subject.GetEvent(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task GetRunnableEvents_MixedEvents_ReturnsUnprocessedEventsDueByAsAt()
    {
        var due = await Subject.CreateEvent(NewEvent("e", "k", Now.AddSeconds(-1)));
        await Subject.CreateEvent(NewEvent("e", "k", Now.AddMinutes(1)));
        var processed = NewEvent("e", "k", Now.AddSeconds(-1));
        processed.IsProcessed = true;
        await Subject.CreateEvent(processed);

        Assert.Equal([due], await Subject.GetRunnableEvents(Now));
    }

    [Fact]
    public async Task MarkEventProcessed_RunnableEvent_TakesItOutOfTheRunnableSet()
    {
        var id = await Subject.CreateEvent(NewEvent("e", "k", Now));

        await Subject.MarkEventProcessed(id);

        Assert.Empty(await Subject.GetRunnableEvents(Now));
        Assert.True((await Subject.GetEvent(id)).IsProcessed);
    }

    [Fact]
    public async Task MarkEventUnprocessed_ProcessedEvent_PutsItBackInTheRunnableSet()
    {
        var id = await Subject.CreateEvent(NewEvent("e", "k", Now));
        await Subject.MarkEventProcessed(id);

        await Subject.MarkEventUnprocessed(id);

        Assert.Equal([id], await Subject.GetRunnableEvents(Now));
        Assert.False((await Subject.GetEvent(id)).IsProcessed);
    }

    [Fact]
    public async Task GetEvents_NameKeyAndAsOf_ReturnsMatchingEventsAtOrAfterAsOf()
    {
        await Subject.CreateEvent(NewEvent("a", "k", Now.AddMinutes(-1)));
        var atAsOf = await Subject.CreateEvent(NewEvent("a", "k", Now));
        var later = await Subject.CreateEvent(NewEvent("a", "k", Now.AddMinutes(1)));
        await Subject.CreateEvent(NewEvent("a", "other", Now.AddMinutes(1)));
        await Subject.CreateEvent(NewEvent("b", "k", Now.AddMinutes(1)));

        var found = await Subject.GetEvents("a", "k", Now);

        Assert.Equal(new[] { atAsOf, later }.Order(), found.Order());
    }

    private static Event NewEvent(string name, string key, DateTime time) => new()
    {
        EventName = name,
        EventKey = key,
        EventTime = time,
        EventData = new PollState(1, "batch_1"),
        IsProcessed = false,
    };
}
