using System.Net;
using BatchInfer.Host.Api;
using BatchInfer.Host.Cli.Monitor;

namespace BatchInfer.Host.Cli;

/// <summary>
/// <c>-monitor [ID] [--json]</c>: one task's screen, or one line per task; live on a terminal, a single snapshot
/// when the output is redirected or with --json (the JSON shape is documented in docs/monitor-json.md).
/// </summary>
internal static class MonitorCommand
{
    public static Task<int> RunAsync(DaemonClient client, string? taskId, bool json, CancellationToken cancellationToken)
    {
        var loop = new MonitorLoop(Console.Out, Console.Error, TimeProvider.System, MonitorOptions.ForConsole(json));
        return taskId is null
            ? loop.FollowAllAsync(client.ListTasksAsync, cancellationToken)
            : loop.FollowTaskAsync(taskId, ct => FindTaskAsync(client, taskId, ct), client.ListTasksAsync, cancellationToken);
    }

    private static async Task<TaskDetailDto?> FindTaskAsync(DaemonClient client, string taskId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetTaskAsync(taskId, cancellationToken);
        }
        catch (DaemonApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
