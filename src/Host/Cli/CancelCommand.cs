using System.Globalization;
using System.Net;
using BatchInfer.Host.Api;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Cli;

/// <summary>
/// <c>-cancel ID [--detach]</c>: asks the daemon to cancel the task, then waits until the task has ended and says how
/// (unless --detach). Exit 0: the task is cancelled (or being cancelled, with --detach); 3: it had already finished,
/// nothing was cancelled; 2: no task with that id.
/// </summary>
internal static class CancelCommand
{
    /// <summary>Exit code of a cancel that found the task already finished: 3, like a finished task whose result is not a clean success.</summary>
    public const int AlreadyFinished = ExitCodes.FinishedWithFailures;

    public static Task<int> RunAsync(string taskId, bool detach, CancellationToken cancellationToken) =>
        DaemonCommand.WithDaemonAsync(Directory.GetCurrentDirectory(), workflowPath: null, async (client, token) =>
        {
            try
            {
                await client.CancelTaskAsync(taskId, token);
            }
            catch (DaemonApiException ex) when (ex.Status == HttpStatusCode.Conflict)
            {
                Console.WriteLine(ex.Message);
                return AlreadyFinished;
            }
            Console.WriteLine($"Cancelling task {taskId}: no new batches are started; its running batches are cancelled at the provider " +
                "and their partial output collected; then what succeeded is merged and the rest listed in missing_records.jsonl.");
            if (detach)
            {
                Console.WriteLine($"Watch it with: batch_infer -monitor {taskId}");
                return ExitCodes.Succeeded;
            }
            return Report(taskId, await LastAsync(client, taskId, token));
        }, cancellationToken);

    private static async Task<TaskSummaryDto?> LastAsync(DaemonClient client, string taskId, CancellationToken cancellationToken)
    {
        TaskSummaryDto? last = null;
        try
        {
            await foreach (var summary in client.FollowAsync(taskId, cancellationToken))
            {
                last = summary;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The daemon stopped meanwhile; the flag is stored, and the next daemon completes the cancel.
        }
        return last;
    }

    private static int Report(string taskId, TaskSummaryDto? last)
    {
        switch (last?.Status)
        {
            case TaskStatusNames.Cancelled:
                var records = last.Records;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Task {taskId} cancelled: {records.Succeeded:N0} succeeded, {records.Failed:N0} failed, {records.Missing:N0} not processed (merged/{taskId}/missing_records.jsonl)."));
                return ExitCodes.Succeeded;
            case { } status when TaskStatusNames.IsFinal(status):
                Console.WriteLine($"Task {taskId} finished before the cancel took effect; its results are in merged/{taskId}/.");
                return AlreadyFinished;
            case TaskStatusNames.Blocked:
                Console.Error.WriteLine($"Task {taskId} cannot go on: {last.BlockedReason}; the cancel completes once it can (see batch_infer.log).");
                return ExitCodes.InternalError;
            default:
                Console.Error.WriteLine($"The daemon stopped before task {taskId} was cancelled; the cancel is stored and the next daemon completes it " +
                    $"(batch_infer -monitor {taskId}).");
                return ExitCodes.InternalError;
        }
    }
}
