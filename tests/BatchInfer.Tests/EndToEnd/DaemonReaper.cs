using System.Diagnostics;
using System.Globalization;
using BatchInfer.Host.Daemon;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>Finds and kills the daemons a test started, so that no process outlives the test run.</summary>
internal static class DaemonReaper
{
    /// <summary>SIGKILL of every daemon process whose working directory is <paramref name="workDirectory"/>.</summary>
    public static void KillAll(string workDirectory)
    {
        foreach (var pid in DaemonPids(workDirectory))
        {
            Kill(pid);
        }
    }

    /// <summary>The pid the live daemon published in .daemon.lock, or null.</summary>
    public static int? LockPid(string workDirectory) => DaemonLock.ReadLive(workDirectory)?.Pid;

    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited between the lookup and the kill.
        }
    }

    /// <summary>`batch_infer daemon run` processes running in that directory, read from /proc (no pgrep).</summary>
    public static IReadOnlyList<int> DaemonPids(string workDirectory)
    {
        var target = Path.GetFullPath(workDirectory).TrimEnd('/');
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var isDaemon = arguments.Any(a => a.EndsWith("batch_infer.dll", StringComparison.Ordinal) || a.EndsWith("/batch_infer", StringComparison.Ordinal))
                    && arguments.Contains("daemon") && arguments.Contains("run");
                if (isDaemon && new DirectoryInfo(Path.Combine(directory, "cwd")).ResolveLinkTarget(returnFinalTarget: true)?.FullName.TrimEnd('/') == target)
                {
                    pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return pids;
    }
}
