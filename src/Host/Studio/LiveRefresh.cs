using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Api;
using Microsoft.Extensions.Logging;

namespace BatchInfer.Host.Studio;

/// <summary>
/// Keeps a page live: runs <paramref name="refresh"/> whenever the change feed moves for <paramref name="key"/> (bursts
/// folded like the API's event stream), and every <paramref name="heartbeat"/> when nothing changes, so that elapsed
/// times and ETAs move on. Nothing is polled: a page waits on the feed.
/// </summary>
internal static partial class LiveRefresh
{
    public static async Task FollowAsync(
        TaskChangeFeed changes, string key, TimeSpan heartbeat, TimeProvider time, Func<Task> refresh, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var seen = changes.VersionOf(key);
                try
                {
                    await refresh();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A page that cannot read now may next time (a file being replaced, a busy database): it stays live.
                    RefreshFailed(logger, key, ex);
                }
                await changes.WaitForChangeAsync(key, seen, heartbeat, TaskEvents.Coalesce, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Studio page of {Key} could not refresh")]
    private static partial void RefreshFailed(ILogger logger, string key, Exception exception);
}
