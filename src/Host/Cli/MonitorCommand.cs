using System.Text.Json;

namespace BatchInfer.Host.Cli;

/// <summary><c>-monitor [ID] [--json]</c>: a snapshot of one task or of every task (a simple first version; the live view comes later).</summary>
internal static class MonitorCommand
{
    private static readonly JsonSerializerOptions IndentedJson = new(DaemonClient.Json) { WriteIndented = true };

    public static async Task<int> RunAsync(DaemonClient client, string? taskId, bool json, CancellationToken cancellationToken)
    {
        if (taskId is not null)
        {
            var detail = await client.GetTaskAsync(taskId, cancellationToken);
            Console.WriteLine(json ? JsonSerializer.Serialize(detail, IndentedJson) : ProgressView.Line(detail.Summary));
            return ExitCodes.Succeeded;
        }
        var tasks = await client.ListTasksAsync(cancellationToken);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(tasks, IndentedJson));
        }
        else if (tasks.Count == 0)
        {
            Console.WriteLine("No tasks.");
        }
        foreach (var task in json ? [] : tasks)
        {
            Console.WriteLine($"{ProgressView.Line(task)} [{task.Status}]");
        }
        return ExitCodes.Succeeded;
    }
}
