using System.Runtime.CompilerServices;
using BatchInfer.Activities.Records;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Api;
using BatchInfer.Host.Studio;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Engine;

/// <summary>
/// Which tasks hold a record with a given custom_id, where, and how it ended (GET /api/records and the Studio's search):
/// task after task, newest first, each searched from its files on the thread pool, until the limit of hits.
/// </summary>
internal sealed class RecordSearch(StateDatabase database)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    private readonly string _workDirectory = Path.GetDirectoryName(database.Path)!;

    /// <summary>Why a search cannot run with these arguments, or null.</summary>
    public static string? Problem(string? customId, int limit) =>
        string.IsNullOrEmpty(customId) ? "custom_id is required"
        : limit is < 1 or > MaxLimit ? $"limit {limit} is not between 1 and {MaxLimit}"
        : null;

    /// <summary>The hits as they are found; at most <paramref name="limit"/>.</summary>
    public async IAsyncEnumerable<RecordHitDto> FindAsync(string customId, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var matcher = new CustomIdMatcher(customId);
        List<string> taskIds;
        await using (var db = database.CreateContext())
        {
            taskIds = await db.Tasks.AsNoTracking().OrderByDescending(t => t.CreatedAt).Select(t => t.TaskId).ToListAsync(cancellationToken);
        }
        var found = 0;
        foreach (var taskId in taskIds)
        {
            var layout = new TaskLayout(_workDirectory, taskId);
            // The locator reads synchronously (a few small reads a chunk): off the caller's thread, which may be the circuit's.
            var location = await Task.Run(() => RecordLocator.Locate(layout, matcher, cancellationToken), cancellationToken);
            if (location is null)
            {
                continue;
            }
            yield return HitOf(taskId, location);
            if (++found == limit)
            {
                yield break;
            }
        }
    }

    private static RecordHitDto HitOf(string taskId, RecordLocation location)
    {
        var failure = location.ErrorLine is { } line ? ProviderLines.ReadFailure(line) : null;
        return new RecordHitDto(taskId, location.Round, location.Chunk, location.Line, location.Outcome.ToString().ToLowerInvariant(), failure?.Code, failure?.Message);
    }
}
