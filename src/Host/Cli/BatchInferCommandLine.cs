using System.CommandLine;
using BatchInfer.Simulator;

namespace BatchInfer.Host.Cli;

/// <summary>
/// The command line. Options take the original tool's Go-style single dash (-pipeline) as well as the
/// double dash (--pipeline), so existing scripts keep working.
/// </summary>
internal static class BatchInferCommandLine
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parsed = Build(args).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }
            Console.Error.WriteLine("See batch_infer --help.");
            return ExitCodes.UsageError;
        }
        // Ctrl+C cancels the action's token; the daemon, run in the foreground, needs a moment to stop the engine cleanly.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) });
    }

    /// <summary>
    /// The command line for <paramref name="args"/>. The simulator's command, one option per setting, is built in full only
    /// when the arguments name it; otherwise it is there by name and description, for the help.
    /// </summary>
    internal static RootCommand Build(string[] args)
    {
        var pipeline = new Option<FileInfo?>("--pipeline", "-pipeline")
        {
            Description = "Run the JSONL file FILE through the Batch API as task -task-id (the same command again resumes it)",
            HelpName = "FILE",
        };
        var taskId = new Option<string?>("--task-id", "-task-id")
        {
            Description = "The task's name: 1-64 of A-Z a-z 0-9 . _ - (chunks/ID and merged/ID hold its files)",
            HelpName = "ID",
        };
        var config = new Option<FileInfo>("--config", "-config")
        {
            Description = "Configuration file (see config.yaml.example)",
            HelpName = "FILE",
            DefaultValueFactory = _ => new FileInfo("config.yaml"),
        };

        var workflow = new Option<FileInfo?>("--workflow", "-workflow")
        {
            Description = "With -pipeline: the pipeline definition the daemon starts with (default workflows/batch-pipeline.yaml next to " +
                "the executable); a daemon already running with another one is reported, not used",
            HelpName = "FILE",
        };
        var detach = new Option<bool>("--detach", "-detach")
        {
            Description = "With -pipeline or -retry: return as soon as the daemon has accepted the task; with -cancel: as soon as it has the request",
        };
        var monitor = new Option<string?>("--monitor", "-monitor")
        {
            Description = "Show task ID (or every task without ID)",
            HelpName = "ID",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json", "-json")
        {
            Description = "With -monitor: print the documented JSON shape instead of text",
        };
        var cancel = new Option<string?>("--cancel", "-cancel")
        {
            Description = "Cancel task ID: its batches are cancelled, what finished is merged (exit 0; 3 when it had already finished, 2 when unknown)",
            HelpName = "ID",
        };

        var retry = new Option<string?>("--retry", "-retry")
        {
            Description = "Send again the failed and missing records of finished task ID in one more round, merge, and follow it " +
                "(exit as -pipeline; 2 when the task is unknown, still running, cancelled or has nothing to retry)",
            HelpName = "ID",
        };
        var pause = new Option<string?>("--pause", "-pause")
        {
            Description = "Create no new batches for task ID until -resume; batches already created go on (exit 0; 2 when unknown or finished)",
            HelpName = "ID",
        };
        var resume = new Option<string?>("--resume", "-resume")
        {
            Description = "Create batches again for paused task ID (exit 0; 2 when unknown or finished)",
            HelpName = "ID",
        };

        var approve = new Option<string?>("--approve", "-approve")
        {
            Description = "Approve the plan of task ID, held by the approve step of its pipeline definition (exit 0; 2 when unknown or not awaiting approval)",
            HelpName = "ID",
        };

        var root = new RootCommand("batch_infer: runs large JSONL files of chat requests through an OpenAI-compatible Batch API, " +
            "retries failed records and merges every answer into merged/<task-id>/ in input order.")
        {
            pipeline, taskId, config, workflow, detach, monitor, json, cancel, retry, pause, resume, approve,
        };
        root.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(pipeline) is { } input)
            {
                return PipelineCommand.RunAsync(input.FullName, result.GetValue(taskId), result.GetValue(config)!.FullName, result.GetValue(detach),
                    result.GetValue(workflow)?.FullName, cancellationToken);
            }
            if (result.GetValue(cancel) is { } cancelId)
            {
                return CancelCommand.RunAsync(cancelId, result.GetValue(detach), cancellationToken);
            }
            foreach (var (option, control) in new[] { (retry, ControlCommand.RetryFailed), (pause, ControlCommand.Pause), (resume, ControlCommand.Resume), (approve, ControlCommand.Approve) })
            {
                if (result.GetValue(option) is { } id)
                {
                    return ControlCommand.RunAsync(id, control, result.GetValue(detach), cancellationToken);
                }
            }
            if (result.GetResult(monitor) is not null)
            {
                return DaemonCommand.WithDaemonAsync(Directory.GetCurrentDirectory(), workflowPath: null,
                    (client, token) => MonitorCommand.RunAsync(client, result.GetValue(monitor), result.GetValue(json), token), cancellationToken);
            }
            Console.Error.WriteLine("Nothing to do: give -pipeline FILE -task-id ID, -monitor [ID], -cancel ID, -pause ID, -resume ID, -approve ID or -retry ID (see --help).");
            return Task.FromResult(ExitCodes.UsageError);
        });
        root.Subcommands.Add(DaemonCommandLine.Build());
        root.Subcommands.Add(StudioCommand.Build());
        root.Subcommands.Add(Array.IndexOf(args, "simulate") >= 0 ? SimulateCommand.Build() : new Command("simulate", SimulatorCommandLine.Description));
        return root;
    }
}
