using System.Diagnostics;

namespace BatchInfer.StudioBenchmark;

/// <summary>The real batch_infer executable (built beside this program) as a child process in the benchmark's directory.</summary>
internal static class Cli
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "batch_infer.dll");

    public static Process Start(string workDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workDirectory, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("could not start batch_infer");
    }

    /// <summary>Runs to the end; the first line of standard output, or a failure with the exit code.</summary>
    public static async Task<string> RunAsync(string workDirectory, params string[] args)
    {
        using var process = Start(workDirectory, args);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode is not (0 or 3))
        {
            throw new InvalidOperationException($"batch_infer {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout}");
        }
        return stdout.Split('\n')[0].Trim();
    }
}
