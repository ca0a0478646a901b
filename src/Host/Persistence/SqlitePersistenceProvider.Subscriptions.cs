using BatchInfer.Host.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

internal sealed partial class SqlitePersistenceProvider
{
    public async Task<string> CreateEventSubscription(
        EventSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        subscription.Id = await InsertWithNewId(subscription.ToPersisted(), cancellationToken);
        return subscription.Id;
    }

    public async Task<IEnumerable<EventSubscription>> GetSubscriptions(
        string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default)
    {
        var rows = await Matching(eventName, eventKey, asOf, openOnly: false, cancellationToken);
        return rows.ConvertAll(row => row.ToEventSubscription());
    }

    public async Task<EventSubscription?> GetFirstOpenSubscription(
        string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default)
    {
        var rows = await Matching(eventName, eventKey, asOf, openOnly: true, cancellationToken, take: 1);
        return rows.Count == 0 ? null : rows[0].ToEventSubscription();
    }

    public async Task<EventSubscription?> GetSubscription(
        string eventSubscriptionId, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        var row = await db.Subscriptions.FirstOrDefaultAsync(x => x.Id == eventSubscriptionId, cancellationToken);
        return row?.ToEventSubscription();
    }

    public async Task TerminateSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        await db.Subscriptions.Where(x => x.Id == eventSubscriptionId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Claims the subscription for one worker: false when another token already holds it.</summary>
    public async Task<bool> SetSubscriptionToken(
        string eventSubscriptionId, string token, string workerId, DateTime expiry,
        CancellationToken cancellationToken = default)
    {
        var expiresAt = UtcDateTimeConverter.ToUtc(expiry);
        await using var db = Open();
        var claimed = await db.Subscriptions
            .Where(x => x.Id == eventSubscriptionId && x.ExternalToken == null)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(x => x.ExternalToken, token)
                    .SetProperty(x => x.ExternalWorkerId, workerId)
                    .SetProperty(x => x.ExternalTokenExpiry, expiresAt),
                cancellationToken);
        return claimed == 1;
    }

    public async Task ClearSubscriptionToken(
        string eventSubscriptionId, string token, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        var cleared = await db.Subscriptions
            .Where(x => x.Id == eventSubscriptionId && x.ExternalToken == token)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(x => x.ExternalToken, (string?)null)
                    .SetProperty(x => x.ExternalWorkerId, (string?)null)
                    .SetProperty(x => x.ExternalTokenExpiry, (DateTime?)null),
                cancellationToken);
        if (cleared == 0)
        {
            throw new InvalidOperationException(
                $"Event subscription {eventSubscriptionId} does not exist or is not held by the given token.");
        }
    }

    private async Task<List<PersistedSubscription>> Matching(
        string eventName, string eventKey, DateTime asOf, bool openOnly, CancellationToken cancellationToken,
        int take = int.MaxValue)
    {
        var until = UtcDateTimeConverter.ToUtc(asOf);
        await using var db = Open();
        var query = db.Subscriptions
            .Where(x => x.EventName == eventName && x.EventKey == eventKey && x.SubscribeAsOf <= until);
        if (openOnly)
        {
            query = query.Where(x => x.ExternalToken == null);
        }

        return await query.OrderBy(x => x.SubscribeAsOf).ThenBy(x => x.Id).Take(take).ToListAsync(cancellationToken);
    }
}
