using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Api;

namespace BatchInfer.Host.Studio;

/// <summary>
/// Keeps a page live: runs <paramref name="refresh"/> whenever the change feed moves for <paramref name="key"/> (bursts
/// folded like the API's event stream), and every <paramref name="heartbeat"/> when nothing changes, so that elapsed
/// times and ETAs move on. Nothing is polled: a page waits on the feed.
/// </summary>
internal static class LiveRefresh
{
    public static async Task FollowAsync(
        TaskChangeFeed changes, string key, TimeSpan heartbeat, TimeProvider time, Func<Task> refresh, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var seen = changes.VersionOf(key);
                await refresh();
                try
                {
                    await changes.WaitPastAsync(key, seen, cancellationToken).WaitAsync(heartbeat, time, cancellationToken);
                    await Task.Delay(TaskEvents.Coalesce, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // The heartbeat.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }
}
