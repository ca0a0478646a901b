using System.Globalization;
using System.Net;
using BatchInfer.Host.Daemon;

namespace BatchInfer.Host.Cli;

/// <summary><c>daemon status|stop</c>, and the connection every command to the daemon shares.</summary>
internal static class DaemonCommand
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Connects (starting the daemon when none runs) and turns unreachable-daemon errors into a message and exit 1.</summary>
    /// <param name="workflowPath">the pipeline definition a daemon started now loads (null: the shipped one)</param>
    public static async Task<int> WithDaemonAsync(
        string workDirectory, string? workflowPath, Func<DaemonClient, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            using var client = await DaemonClient.ConnectAsync(workDirectory, start: true, workflowPath, cancellationToken)
                ?? throw new DaemonUnavailableException("the batch_infer daemon could not be reached.");
            return await action(client, cancellationToken);
        }
        catch (DaemonUnavailableException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ex.ExitCode;
        }
        catch (DaemonApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.UsageError;
        }
        catch (DaemonApiException ex)
        {
            Console.Error.WriteLine($"The daemon refused: {ex.Message}");
            return ExitCodes.InternalError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("\nInterrupted.");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>Exit 0 and the daemon's figures when one runs; exit 3 when none does.</summary>
    public static Task<int> StatusAsync(CancellationToken cancellationToken) =>
        WithRunningAsync(ExitCodes.FinishedWithFailures, async (client, token) =>
        {
            var status = await client.StatusAsync(token);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch_infer daemon running in {status.WorkDirectory}: pid {status.Pid}, port {client.Daemon.Port}, " +
                $"up {TimeSpan.FromSeconds(Math.Floor(status.UptimeSeconds)):c}, {status.Tasks} task(s), {status.ActiveTasks} active; version {status.Version}"));
            return ExitCodes.Succeeded;
        }, cancellationToken);

    /// <summary>Asks the daemon to stop (its tasks are durable and resume with the next one) and waits until it has.</summary>
    public static Task<int> StopAsync(CancellationToken cancellationToken) =>
        WithRunningAsync(ExitCodes.Succeeded, async (client, token) =>
        {
            await client.StopDaemonAsync(token);
            var deadline = DateTimeOffset.UtcNow + StopTimeout;
            while (DaemonLock.IsDaemonProcess(client.Daemon.Pid))
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    Console.Error.WriteLine($"The daemon (pid {client.Daemon.Pid}) did not stop within {StopTimeout.TotalSeconds:0} s.");
                    return ExitCodes.InternalError;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100), token);
            }
            Console.WriteLine($"The batch_infer daemon (pid {client.Daemon.Pid}) stopped.");
            return ExitCodes.Succeeded;
        }, cancellationToken);

    /// <summary>The action with the daemon of this directory, without starting one; says so, and exits <paramref name="noneRunning"/>, when none runs.</summary>
    private static async Task<int> WithRunningAsync(int noneRunning, Func<DaemonClient, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var workDirectory = Directory.GetCurrentDirectory();
        try
        {
            using var client = await DaemonClient.ConnectAsync(workDirectory, start: false, workflowPath: null, cancellationToken)
                ?? throw new DaemonNotRunningException();
            return await action(client, cancellationToken);
        }
        catch (DaemonNotRunningException)
        {
            Console.WriteLine($"No batch_infer daemon is running in {workDirectory}.");
            return noneRunning;
        }
    }

    /// <summary>Durations as users write them: 90s, 5m, 1h, 500ms, or 00:05:00.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim();
        (string Suffix, Func<double, TimeSpan> Make)[] units =
            [("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours)];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return make(value);
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero ? span : null;
    }
}
