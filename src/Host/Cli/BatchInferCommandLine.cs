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

        var root = new RootCommand("batch_infer: runs large JSONL files of chat requests through an OpenAI-compatible Batch API, " +
            "retries failed records and merges every answer into merged/<task-id>/ in input order.")
        {
            pipeline, taskId, config,
        };
        root.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(pipeline) is not { } input)
            {
                Console.Error.WriteLine("Nothing to do: give -pipeline FILE -task-id ID (see --help).");
                return Task.FromResult(ExitCodes.UsageError);
            }
            return PipelineCommand.RunAsync(input.FullName, result.GetValue(taskId), result.GetValue(config)!.FullName, cancellationToken);
        });

        var simulate = new Command("simulate", SimulatorOptions.HelpText)
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        simulate.SetAction((result, cancellationToken) => SimulateCommand.RunAsync([.. result.UnmatchedTokens], cancellationToken));
        root.Subcommands.Add(simulate);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }
            Console.Error.WriteLine("See batch_infer --help.");
            return ExitCodes.UsageError;
        }
        // Ctrl+C cancels the action's token; the engine then needs a moment to stop cleanly.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) });
    }
}
