using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Api;

/// <summary>
/// The progress stream of one task: its journal entries as they are committed (<c>event: journal</c>, with the entry's id
/// as the event id), and a summary whenever the task's rows change (bursts folded into one), one every
/// <see cref="Heartbeat"/> while nothing changes so that elapsed time moves on, and the last one when the task ends or is
/// blocked (<c>event: summary</c>, with the id of the last entry sent before it). A client that reconnects with
/// <c>Last-Event-ID</c> first gets every entry after that id, from the durable journal, so neither a dropped connection nor
/// a daemon restart loses one.
/// </summary>
internal static class TaskEvents
{
    public const string SummaryEvent = "summary";
    public const string JournalEvent = "journal";

    /// <summary>Changes closer together than this are sent as one summary.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    /// <summary>Journal entries read at a time: a long replay is sent page after page, each page one bounded query.</summary>
    private const int JournalPage = 500;

    /// <param name="lastEventId">the Last-Event-ID the client sent: entries after it are replayed; null: only entries from now on</param>
    public static async IAsyncEnumerable<SseItem<object>> FollowAsync(
        string taskId, long? lastEventId, TaskQueries queries, TaskJournal journal, TaskChangeFeed changes, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = lastEventId ?? await journal.LatestIdAsync(taskId, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var seen = changes.VersionOf(taskId);
            // The summary is read before the entries: every entry committed before it is then sent ahead of it.
            if (await queries.GetSummaryAsync(taskId, cancellationToken) is not { } summary)
            {
                yield break;
            }
            IReadOnlyList<JournalEntryDto> page;
            do
            {
                page = await journal.AfterAsync(taskId, sent, JournalPage, cancellationToken);
                foreach (var entry in page)
                {
                    sent = entry.Id;
                    yield return Event(entry, JournalEvent, sent);
                }
            }
            while (page.Count == JournalPage);
            yield return Event(summary, SummaryEvent, sent);
            if (TaskStatusNames.IsFinal(summary.Status) || summary.Status == TaskStatusNames.Blocked)
            {
                yield break;
            }
            await changes.WaitForChangeAsync(taskId, seen, Heartbeat, Coalesce, time, cancellationToken);
        }
    }

    /// <summary>The id a client sends back as Last-Event-ID; null when <paramref name="header"/> is not one.</summary>
    public static long? ParseEventId(string header) =>
        long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static SseItem<object> Event(object data, string type, long id) =>
        new(data, type) { EventId = id.ToString(CultureInfo.InvariantCulture) };
}
