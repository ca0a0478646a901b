using System.Runtime.CompilerServices;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Api;

/// <summary>The progress stream of one task: a summary every half second, the last one when the task ends or is blocked.</summary>
internal static class TaskEvents
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static async IAsyncEnumerable<TaskSummaryDto> FollowAsync(
        string taskId, TaskQueries queries, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await queries.GetSummaryAsync(taskId, cancellationToken) is not { } summary)
            {
                yield break;
            }
            yield return summary;
            if (TaskStatusNames.IsFinal(summary.Status) || summary.Status == TaskStatusNames.Blocked)
            {
                yield break;
            }
            await Task.Delay(Interval, time, cancellationToken);
        }
    }
}
