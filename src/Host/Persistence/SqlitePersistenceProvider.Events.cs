using BatchInfer.Host.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

internal sealed partial class SqlitePersistenceProvider
{
    public async Task<string> CreateEvent(Event newEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newEvent);
        newEvent.Id = await InsertWithNewId(newEvent.ToPersisted(), cancellationToken);
        return newEvent.Id;
    }

    public async Task<Event?> GetEvent(string id, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        var row = await db.Events.FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return row?.ToEvent();
    }

    public async Task<IEnumerable<string>> GetRunnableEvents(DateTime asAt, CancellationToken cancellationToken = default)
    {
        var now = UtcDateTimeConverter.ToUtc(asAt);
        await using var db = Open();
        return await db.Events
            .Where(x => !x.IsProcessed && x.EventTime <= now)
            .OrderBy(x => x.EventTime)
            .Select(x => x.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IEnumerable<string>> GetEvents(
        string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default)
    {
        var from = UtcDateTimeConverter.ToUtc(asOf);
        await using var db = Open();
        return await db.Events
            .Where(x => x.EventName == eventName && x.EventKey == eventKey && x.EventTime >= from)
            .OrderBy(x => x.EventTime)
            .Select(x => x.Id)
            .ToListAsync(cancellationToken);
    }

    public Task MarkEventProcessed(string id, CancellationToken cancellationToken = default) =>
        SetProcessed(id, processed: true, cancellationToken);

    public Task MarkEventUnprocessed(string id, CancellationToken cancellationToken = default) =>
        SetProcessed(id, processed: false, cancellationToken);

    private async Task SetProcessed(string id, bool processed, CancellationToken cancellationToken)
    {
        await using var db = Open();
        await db.Events
            .Where(x => x.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(x => x.IsProcessed, processed), cancellationToken);
    }
}
