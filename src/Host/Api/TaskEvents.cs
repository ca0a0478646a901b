using System.Runtime.CompilerServices;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Api;

/// <summary>
/// The progress stream of one task: a summary whenever the task's rows change (bursts folded into one), one every
/// <see cref="Heartbeat"/> while nothing changes so that elapsed time moves on, and the last one when the task ends or is blocked.
/// </summary>
internal static class TaskEvents
{
    /// <summary>Changes closer together than this are sent as one summary.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    public static async IAsyncEnumerable<TaskSummaryDto> FollowAsync(
        string taskId, TaskQueries queries, TaskChangeFeed changes, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var seen = changes.VersionOf(taskId);
            if (await queries.GetSummaryAsync(taskId, cancellationToken) is not { } summary)
            {
                yield break;
            }
            yield return summary;
            if (TaskStatusNames.IsFinal(summary.Status) || summary.Status == TaskStatusNames.Blocked)
            {
                yield break;
            }
            await changes.WaitForChangeAsync(taskId, seen, Heartbeat, Coalesce, time, cancellationToken);
        }
    }
}
