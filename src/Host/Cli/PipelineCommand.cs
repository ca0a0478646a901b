using System.Net;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Api;
using BatchInfer.Host.Daemon;

namespace BatchInfer.Host.Cli;

/// <summary>
/// <c>-pipeline FILE -task-id ID [--detach] [--workflow FILE]</c>: checks everything locally, hands the task to the daemon
/// (starting it, with that pipeline definition, when none runs), then follows it until it ends. Ctrl+C only stops
/// following; the task goes on.
/// </summary>
internal static class PipelineCommand
{
    public static async Task<int> RunAsync(
        string inputPath, string? taskId, string configPath, bool detach, string? workflowPath, CancellationToken cancellationToken)
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

        // Also checked here, before a daemon is started, so that a bad definition creates nothing.
        if (workflowPath is not null && DaemonRunCommand.DefinitionProblem(workflowPath) is { } definitionProblem)
        {
            return Fail(definitionProblem);
        }

        var workDirectory = Directory.GetCurrentDirectory();
        return await DaemonCommand.WithDaemonAsync(workDirectory, workflowPath, async (client, token) =>
        {
            if (workflowPath is not null && await OtherDefinitionAsync(client, workflowPath, workDirectory, token) is { } mismatch)
            {
                return Fail(mismatch);
            }
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
            return await TaskFollower.FollowAsync(client, workDirectory, taskId!, workflowPath, token);
        }, cancellationToken);
    }

    /// <summary>A daemon already running here keeps the definition it started with: say so rather than run the task with it.</summary>
    private static async Task<string?> OtherDefinitionAsync(DaemonClient client, string workflowPath, string workDirectory, CancellationToken cancellationToken)
    {
        var loaded = (await client.WorkflowAsync(cancellationToken)).Source;
        return string.Equals(loaded, workflowPath, StringComparison.Ordinal)
            ? null
            : $"the batch_infer daemon running in {workDirectory} (pid {client.Daemon.Pid}) uses the workflow definition {loaded}, not {workflowPath}; " +
              "a daemon loads its definition once, at start. Stop it with 'batch_infer daemon stop' (its tasks resume with the next daemon) " +
              "and run this command again, or leave out -workflow to use the running one.";
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
