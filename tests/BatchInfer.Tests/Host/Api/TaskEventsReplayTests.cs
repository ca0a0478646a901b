using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using BatchInfer.Tests.EndToEnd;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.Host.Api;

/// <summary>
/// GET /api/tasks/{id}/events over real loopback HTTP: a client that drops the stream and comes back with Last-Event-ID,
/// after the daemon itself was stopped and started again, gets every journal entry in between once and in order.
/// </summary>
[Collection(EndToEndGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the daemon's lock and file modes are Unix ones
public sealed class TaskEventsReplayTests
{
    [Fact]
    public async Task Events_ReconnectWithLastEventIdAfterDaemonRestart_EveryJournalEntryOnceInOrder()
    {
        using var slow = await DaemonWork.SlowProviderAsync(lines: 1500);
        var started = await BatchInferProcess.RunAsync(slow.Work.Path, [.. slow.PipelineArgs("replay"), "--detach"], DaemonWork.Generous);
        Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}\n{started.Stderr}");

        List<Event> before;
        var daemon = await DaemonWork.LiveDaemonAsync(slow.Work.Path);
        using (var http = DaemonWork.Http(daemon, daemon.Token))
        {
            before = await ReadAsync(http, lastEventId: null, stopAfter: events => events.Count(e => e.Type == "journal") >= 2);
        }
        var lastSeen = before[^1].Id;
        var stop = await BatchInferProcess.RunAsync(slow.Work.Path, ["daemon", "stop"], DaemonWork.Generous);
        Assert.True(stop.ExitCode == 0, $"exit {stop.ExitCode}\n{stop.Stderr}");
        using var next = BatchInferProcess.Start(slow.Work.Path, ["daemon", "run"]);
        daemon = await DaemonWork.LiveDaemonAsync(slow.Work.Path);
        using var again = DaemonWork.Http(daemon, daemon.Token);

        var after = await ReadAsync(again, lastSeen, stopAfter: _ => false);

        var journal = await JournalIdsAsync(again);
        var replayed = after.Where(e => e.Type == "journal").ToList();
        Assert.Equal(journal.Where(id => id > lastSeen && id <= replayed[^1].Id), replayed.Select(e => e.Id));
        var first = before.First(e => e.Type == "journal").Id;
        Assert.Equal(journal.Where(id => id >= first && id <= lastSeen), before.Where(e => e.Type == "journal").Select(e => e.Id));
        Assert.Contains(replayed, e => e.Kind == "daemon_resumed");
        Assert.Equal("finished", replayed[^1].Kind);
        // The stream ends with the final summary, which carries the id of the last entry sent.
        Assert.Equal(("summary", "succeeded", replayed[^1].Id), (after[^1].Type, after[^1].Status, after[^1].Id));
    }

    private sealed record Event(string Type, long Id, string? Kind, string? Status);

    /// <summary>The stream's events until <paramref name="stopAfter"/> holds or the daemon ends it.</summary>
    private static async Task<List<Event>> ReadAsync(HttpClient http, long? lastEventId, Func<List<Event>, bool> stopAfter)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks/replay/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var timeout = new CancellationTokenSource(DaemonWork.Generous);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var events = new List<Event>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(timeout.Token))
        {
            var data = JsonDocument.Parse(item.Data).RootElement;
            events.Add(new Event(item.EventType, long.Parse(item.EventId!, System.Globalization.CultureInfo.InvariantCulture),
                data.TryGetProperty("kind", out var kind) ? kind.GetString() : null,
                data.TryGetProperty("status", out var status) ? status.GetString() : null));
            if (stopAfter(events))
            {
                break;
            }
        }
        return events;
    }

    /// <summary>Every journal entry id of the task, oldest first, from GET /api/tasks/{id}/journal.</summary>
    private static async Task<List<long>> JournalIdsAsync(HttpClient http)
    {
        var ids = new List<long>();
        long? before = null;
        do
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync($"/api/tasks/replay/journal?limit=1000{(before is null ? "" : $"&before={before}")}"));
            ids.AddRange(page.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            before = page.RootElement.GetProperty("next_before").ValueKind == JsonValueKind.Number ? page.RootElement.GetProperty("next_before").GetInt64() : null;
        }
        while (before is not null);
        ids.Reverse();
        return ids;
    }
}
