using BatchInfer.Simulator;

namespace BatchInfer.Host.Cli;

/// <summary><c>batch_infer simulate --port N [fault options]</c>: the simulator as a server of its own, until Ctrl+C.</summary>
internal static class SimulateCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        SimulatorOptions options;
        try
        {
            options = SimulatorOptions.Parse(args);
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
