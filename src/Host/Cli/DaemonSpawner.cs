using System.Diagnostics;
using BatchInfer.Host.Daemon;

namespace BatchInfer.Host.Cli;

/// <summary>
/// Finds the working directory's daemon, or starts one detached and waits until it has published its address.
/// When several commands start at once each may spawn one: the lock lets exactly one win, the others exit quietly,
/// and every command ends up reading the winner's address.
/// </summary>
internal static class DaemonSpawner
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public static async Task<DaemonInfo> EnsureRunningAsync(string workDirectory, CancellationToken cancellationToken)
    {
        if (DaemonLock.ReadLive(workDirectory) is { } live)
        {
            return live;
        }
        Spawn(workDirectory);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (true)
            {
                await Task.Delay(PollEvery, timeout.Token);
                if (DaemonLock.ReadLive(workDirectory) is { } started)
                {
                    return started;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DaemonUnavailableException(
                $"the batch_infer daemon did not start within {StartTimeout.TotalSeconds:0} s; see batch_infer.log in {workDirectory}.");
        }
    }

    /// <summary>Starts <c>batch_infer daemon run</c> in the background; it makes itself a session leader and never writes to these pipes.</summary>
    private static void Spawn(string workDirectory)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            WorkingDirectory = workDirectory,
            UseShellExecute = false,
            // Fresh pipes, closed at once: the daemon must not hold the caller's terminal or output open.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Run through the dotnet host (tests, `dotnet batch_infer.dll`), the daemon needs the same entry assembly.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(DaemonSpawner).Assembly.Location);
        }
        start.ArgumentList.Add("daemon");
        start.ArgumentList.Add("run");
        start.Environment.Remove(Activities.Configuration.ConfigLoader.PasswordEnvironmentVariable);
        using var process = Process.Start(start) ?? throw new DaemonUnavailableException("the batch_infer daemon could not be started.");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
    }
}

/// <summary>The daemon cannot be reached or started; the message says where to look.</summary>
internal sealed class DaemonUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
