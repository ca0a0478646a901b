using System.Diagnostics;
using System.Text;
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

    /// <param name="workflowPath">the pipeline definition a daemon started here loads (null: the shipped one); a running daemon is taken as it is.</param>
    public static async Task<DaemonInfo> EnsureRunningAsync(string workDirectory, string? workflowPath, CancellationToken cancellationToken)
    {
        if (DaemonLock.ReadLive(workDirectory) is { } live)
        {
            return live;
        }
        using var spawned = SpawnedDaemon.Start(workDirectory, workflowPath);
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
                // Exit 0 is the loser of a start race (the winner publishes soon); anything else is a start-up error for the user.
                if (spawned.Failure() is { } failure)
                {
                    throw failure;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DaemonUnavailableException(
                $"the batch_infer daemon did not start within {StartTimeout.TotalSeconds:0} s; see batch_infer.log in {workDirectory}.");
        }
    }

    /// <summary>
    /// <c>batch_infer daemon run</c> in the background; it makes itself a session leader. Its stderr is read only
    /// while this command waits for it, so that a start-up error (a bad workflow definition) reaches the user.
    /// </summary>
    private sealed class SpawnedDaemon : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();

        private SpawnedDaemon(Process process) => _process = process;

        public static SpawnedDaemon Start(string workDirectory, string? workflowPath)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!)
            {
                WorkingDirectory = workDirectory,
                UseShellExecute = false,
                // Fresh pipes: the daemon must not hold the caller's terminal or output open.
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
            if (workflowPath is not null)
            {
                start.ArgumentList.Add("--workflow");
                start.ArgumentList.Add(workflowPath);
            }
            start.Environment.Remove(Activities.Configuration.ConfigLoader.PasswordEnvironmentVariable);
            var process = Process.Start(start) ?? throw new DaemonUnavailableException("the batch_infer daemon could not be started.");
            var spawned = new SpawnedDaemon(process);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (spawned._stderr)
                    {
                        spawned._stderr.AppendLine(e.Data);
                    }
                }
            };
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            process.StandardOutput.Close();
            return spawned;
        }

        /// <summary>The error to report when the daemon has exited with a failure before publishing its address.</summary>
        public DaemonUnavailableException? Failure()
        {
            if (!_process.HasExited)
            {
                return null;
            }
            // The exit is seen before the last lines of stderr may have arrived: this waits for the end of the stream.
            _process.WaitForExit();
            if (_process.ExitCode == ExitCodes.Succeeded)
            {
                return null;
            }
            string stderr;
            lock (_stderr)
            {
                stderr = _stderr.ToString().TrimEnd();
            }
            var message = stderr.Length > 0 ? stderr : $"the batch_infer daemon stopped at start with exit code {_process.ExitCode}; see batch_infer.log.";
            return new DaemonUnavailableException(message, _process.ExitCode == ExitCodes.UsageError ? ExitCodes.UsageError : ExitCodes.InternalError);
        }

        public void Dispose() => _process.Dispose();
    }
}

/// <summary>The daemon cannot be reached or started; the message says where to look, <see cref="ExitCode"/> what the command exits with.</summary>
internal sealed class DaemonUnavailableException(string message, int exitCode = ExitCodes.InternalError) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
