using System.Net;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Api;

namespace BatchInfer.Host.Cli;

/// <summary>
/// <c>-pipeline FILE -task-id ID [--detach]</c>: checks everything locally, hands the task to the daemon (starting
/// it when none runs), then follows it until it ends. Ctrl+C only stops following; the task goes on.
/// </summary>
internal static class PipelineCommand
{
    public static async Task<int> RunAsync(string inputPath, string? taskId, string configPath, bool detach, CancellationToken cancellationToken)
    {
        // Everything is checked before any file is created.
        if (TaskId.Problem(taskId) is { } idProblem)
        {
            return Fail(idProblem);
        }
        var loaded = ConfigLoader.Load(configPath, Environment.GetEnvironmentVariable(ConfigLoader.PasswordEnvironmentVariable));
        if (!loaded.IsValid)
        {
            foreach (var problem in loaded.Problems)
            {
                Console.Error.WriteLine(problem);
            }
            return ExitCodes.UsageError;
        }
        if (InputProblem(inputPath) is { } inputProblem)
        {
            return Fail(inputProblem);
        }

        var workDirectory = Directory.GetCurrentDirectory();
        return await DaemonCommand.WithDaemonAsync(workDirectory, async (client, token) =>
        {
            try
            {
                await client.StartTaskAsync(new StartTaskRequest(taskId!, Path.GetFullPath(inputPath), loaded.Config!), token);
            }
            catch (DaemonApiException ex) when (ex.Status is HttpStatusCode.Conflict or HttpStatusCode.BadRequest)
            {
                return Fail(ex.Message);
            }
            if (detach)
            {
                Console.WriteLine($"Task {taskId} is running in the daemon (pid {client.Daemon.Pid}). Watch it with: batch_infer -monitor {taskId}");
                return ExitCodes.Succeeded;
            }
            return await TaskFollower.FollowAsync(client, workDirectory, taskId!, token);
        }, cancellationToken);
    }

    private static string? InputProblem(string inputPath)
    {
        if (!File.Exists(inputPath))
        {
            return $"input file '{inputPath}' not found";
        }
        try
        {
            using var _ = File.OpenRead(inputPath);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"input file '{inputPath}' cannot be read: {ex.Message}";
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.UsageError;
    }
}
