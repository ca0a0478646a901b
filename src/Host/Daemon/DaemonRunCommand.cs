using System.Security.Cryptography;
using BatchInfer.Host.Cli;
using BatchInfer.Host.Engine;
using BatchInfer.Host.Persistence;
using BatchInfer.Host.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BatchInfer.Host.Daemon;

/// <summary><c>batch_infer daemon run [--idle-exit 10m] [--workflow FILE]</c>: the daemon in the foreground (the command line starts it detached).</summary>
internal static partial class DaemonRunCommand
{
    private static readonly TimeSpan EngineHistory = TimeSpan.FromDays(7);

    public static async Task<int> RunAsync(TimeSpan idleExit, string? workflowPath, CancellationToken cancellationToken)
    {
        var workDirectory = Directory.GetCurrentDirectory();
        // Checked before the lock is taken: a bad definition must not leave a daemon that cannot run, nor clear a live one's address.
        if (DefinitionProblem(workflowPath) is { } problem)
        {
            // The command that spawned this daemon reads stderr until the address is published, and shows this to its user.
            await Console.Error.WriteLineAsync(problem);
            return ExitCodes.UsageError;
        }
        using var held = DaemonLock.TryAcquire(workDirectory);
        if (held is null)
        {
            // Another daemon won the race or is already serving: clients find it through the lock file.
            return 0;
        }
        // A session of its own: the terminal that started the first command may close; the daemon goes on.
        _ = Native.SetSid();

        var options = new DaemonOptions(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), TimeProvider.System.GetUtcNow(), idleExit);
        await using var app = DaemonHost.Build(workDirectory, options, workflowPath);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BatchInfer.Daemon");
        await app.StartAsync(cancellationToken);
        var port = DaemonHost.Port(app);
        held.Publish(new DaemonInfo(Environment.ProcessId, port, options.Token, options.StartedAt));
        Started(logger, Environment.ProcessId, port, idleExit);

        var resumed = await app.Services.GetRequiredService<TaskService>().ResumeStoredAsync(cancellationToken);
        if (resumed.Count > 0)
        {
            Resumed(logger, resumed.Count, resumed);
        }
        // Finished workflow instances, events and subscriptions only grow the state file (docs/engine.md); a task's
        // own rows and files stay, so a week of engine history is plenty.
        var purged = await app.Services.GetRequiredService<SqlitePersistenceProvider>()
            .PurgeAsync(TimeProvider.System.GetUtcNow().UtcDateTime - EngineHistory, cancellationToken);
        Purged(logger, purged);
        await app.WaitForShutdownAsync(cancellationToken);
        Stopped(logger, Environment.ProcessId);
        return 0;
    }

    /// <summary>Null when the definition (the given file, or the shipped one) loads; else every problem with its place in the file.</summary>
    public static string? DefinitionProblem(string? workflowPath)
    {
        try
        {
            _ = PipelineDefinitionLoader.Resolve(workflowPath);
            return null;
        }
        catch (PipelineDefinitionException ex)
        {
            return ex.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Daemon {Pid} listening on 127.0.0.1:{Port} (idle exit after {IdleExit})")]
    private static partial void Started(ILogger logger, int pid, int port, TimeSpan idleExit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} unfinished task(s): {TaskIds}")]
    private static partial void Resumed(ILogger logger, int count, IReadOnlyList<string> taskIds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Rows} rows of finished engine history")]
    private static partial void Purged(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Daemon {Pid} stopped")]
    private static partial void Stopped(ILogger logger, int pid);
}
