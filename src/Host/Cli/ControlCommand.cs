using System.Net;

namespace BatchInfer.Host.Cli;

/// <summary>
/// <c>-pause ID</c>, <c>-resume ID</c>, <c>-approve ID</c> and <c>-retry ID [--detach]</c>: an operator's control of a task, done by the daemon
/// (the same service the API and the studio call). -retry follows the reopened task like -pipeline does. Exit 0: done
/// (for -retry: the code of how the task ends); 2: no task with that id, or its state does not allow it (the message says why).
/// </summary>
internal static class ControlCommand
{
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string RetryFailed = "retry-failed";
    public const string Approve = "approve";

    public static Task<int> RunAsync(string taskId, string control, bool detach, CancellationToken cancellationToken)
    {
        var workDirectory = Directory.GetCurrentDirectory();
        return DaemonCommand.WithDaemonAsync(workDirectory, workflowPath: null, async (client, token) =>
        {
            try
            {
                await client.ControlTaskAsync(taskId, control, token);
            }
            catch (DaemonApiException ex) when (ex.Status == HttpStatusCode.Conflict)
            {
                Console.Error.WriteLine(ex.Message);
                return ExitCodes.UsageError;
            }
            Console.WriteLine(control switch
            {
                Pause => $"Task {taskId} paused: no new batches are created; those already created are polled and downloaded. " +
                    $"Continue with: batch_infer -resume {taskId}",
                Resume => $"Task {taskId} resumed: its batches are created again.",
                Approve => $"Task {taskId} approved: its batches are created now.",
                _ => $"Task {taskId} reopened: its failed and missing records are sent again in one more round, then merged.",
            });
            if (control != RetryFailed || detach)
            {
                return ExitCodes.Succeeded;
            }
            return await TaskFollower.FollowAsync(client, workDirectory, taskId, workflowPath: null, token);
        }, cancellationToken);
    }
}
