using System.CommandLine;
using BatchInfer.Host.Daemon;

namespace BatchInfer.Host.Cli;

/// <summary><c>batch_infer daemon run|status|stop</c>.</summary>
internal static class DaemonCommandLine
{
    public static Command Build()
    {
        var idleExit = new Option<string>("--idle-exit", "-idle-exit")
        {
            Description = "Stop after this long with no task to work on (e.g. 90s, 5m, 1h)",
            HelpName = "DURATION",
            DefaultValueFactory = _ => "10m",
        };
        var workflow = new Option<FileInfo?>("--workflow", "-workflow")
        {
            Description = "The pipeline definition to load (default: workflows/batch-pipeline.yaml next to the executable)",
            HelpName = "FILE",
        };
        var run = new Command("run", "Run the daemon in the foreground (commands start it in the background by themselves)") { idleExit, workflow };
        run.SetAction((result, cancellationToken) =>
        {
            if (DaemonCommand.ParseDuration(result.GetValue(idleExit)!) is not { } idle)
            {
                Console.Error.WriteLine($"--idle-exit: '{result.GetValue(idleExit)}' is not a duration such as 90s, 5m or 1h.");
                return Task.FromResult(ExitCodes.UsageError);
            }
            return DaemonRunCommand.RunAsync(idle, result.GetValue(workflow)?.FullName, cancellationToken);
        });
        var status = new Command("status", "Is a daemon running here? pid, port, uptime, tasks (exit 0 running, 3 not running)");
        status.SetAction((_, cancellationToken) => DaemonCommand.StatusAsync(cancellationToken));
        var stop = new Command("stop", "Stop the daemon gracefully; unfinished tasks resume with the next one");
        stop.SetAction((_, cancellationToken) => DaemonCommand.StopAsync(cancellationToken));
        return new Command("daemon", "The resident daemon that runs every task of this directory") { run, status, stop };
    }
}
