using System.CommandLine;
using BatchInfer.Simulator;

namespace BatchInfer.Host.Cli;

/// <summary><c>batch_infer simulate --port N [fault options]</c>: the simulator as a server of its own, until Ctrl+C.</summary>
internal static class SimulateCommand
{
    public static Command Build()
    {
        var simulate = SimulatorCommandLine.CreateCommand();
        simulate.SetAction((result, cancellationToken) => RunAsync(result, cancellationToken));
        return simulate;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        SimulatorOptions options;
        try
        {
            options = SimulatorCommandLine.Bind(result);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.UsageError;
        }

        await using var server = await SimulatorServer.StartAsync(options, cancellationToken);
        Console.WriteLine($"Batch API simulator listening on {server.BaseUrl} (Ctrl+C to stop)");
        try
        {
            await server.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C is how the standalone simulator is meant to stop.
        }
        return ExitCodes.Succeeded;
    }
}
