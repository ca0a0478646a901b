using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Engine;
using BatchInfer.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Cli;

/// <summary><c>-pipeline FILE -task-id ID</c>: runs (or resumes) one task in the foreground until it ends.</summary>
internal static class PipelineCommand
{
    public static async Task<int> RunAsync(string inputPath, string? taskId, string configPath, CancellationToken cancellationToken)
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
        using var engineLock = EngineLock.TryAcquire(workDirectory);
        if (engineLock is null)
        {
            Console.Error.WriteLine($"Another batch_infer process is running in {workDirectory} ({EngineLock.FileName} is locked). " +
                "Wait for it to finish, or run this command from another directory.");
            return ExitCodes.InternalError;
        }

        var config = loaded.Config!;
        await using var simulator = config.Model.UsesSimulator
            ? await SimulatorServer.StartAsync(new SimulatorOptions(), cancellationToken)
            : null;

        using var host = EngineHostBuilder.Build(workDirectory);
        var errors = host.Services.GetRequiredService<StepErrorLog>();
        errors.Attach(host.Services.GetRequiredService<IWorkflowHost>());
        await host.StartAsync(cancellationToken);
        try
        {
            var tasks = host.Services.GetRequiredService<TaskService>();
            await tasks.StartOrResumeAsync(taskId!, inputPath, config, simulator?.BaseUrl.ToString(), cancellationToken);
            var view = new ProgressView(host.Services.GetRequiredService<StateDatabase>(), errors, Console.Out, !Console.IsOutputRedirected);
            return await view.FollowAsync(taskId!, cancellationToken);
        }
        catch (TaskConflictException ex)
        {
            return Fail(ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"\nStopped. Task {taskId} is saved; run the same command again to resume it.");
            return ExitCodes.Interrupted;
        }
        finally
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await host.StopAsync(stopTimeout.Token);
        }
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
