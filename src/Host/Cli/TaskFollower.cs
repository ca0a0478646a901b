using BatchInfer.Host.Api;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Cli;

/// <summary>Follows a task through the daemon's event stream until it ends; a daemon that goes away is brought back and the task followed on.</summary>
internal static class TaskFollower
{
    /// <param name="workflowPath">the pipeline definition a daemon brought back by this command loads</param>
    public static async Task<int> FollowAsync(DaemonClient client, string workDirectory, string taskId, string? workflowPath, CancellationToken cancellationToken)
    {
        var view = new ProgressView(Console.Out, !Console.IsOutputRedirected, TimeProvider.System);
        var current = client;
        try
        {
            while (true)
            {
                TaskSummaryDto? last = null;
                try
                {
                    await foreach (var summary in current.FollowAsync(taskId, cancellationToken))
                    {
                        view.Show(summary);
                        last = summary;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    // The daemon stopped or died; the next one resumes the task.
                }
                if (last is not null && (TaskStatusNames.IsFinal(last.Status) || last.Status == TaskStatusNames.Blocked))
                {
                    return view.Finish(last);
                }
                if (!ReferenceEquals(current, client))
                {
                    current.Dispose();
                }
                current = await DaemonClient.ConnectAsync(workDirectory, start: true, workflowPath, cancellationToken)
                    ?? throw new DaemonUnavailableException("the batch_infer daemon could not be reached.");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"\nStopped following. Task {taskId} goes on in the daemon; watch it with: batch_infer -monitor {taskId}");
            return ExitCodes.Interrupted;
        }
        finally
        {
            if (!ReferenceEquals(current, client))
            {
                current.Dispose();
            }
        }
    }
}
