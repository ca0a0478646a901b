using System.Diagnostics;

namespace BatchInfer.Benchmarks;

internal static class Shell
{
    /// <summary>Runs a shell command and returns how long it took (wall time).</summary>
    public static Phase Time(string command)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start /bin/sh");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' exited with {process.ExitCode}");
        }
        // A reaped child's CPU time cannot be read back on Linux.
        return new Phase(watch.Elapsed, null, null);
    }
}
