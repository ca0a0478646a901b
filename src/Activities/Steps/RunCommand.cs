using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// The optional run-command step: runs the definition's program (no shell; <see cref="CommandWords"/>) in the work
/// directory with the task's merged folder as its last argument, and journals its exit code and the tails of its output.
/// </summary>
public sealed class RunCommand(StepServices services) : AfterMergeStep(services, JournalKinds.RunCommand)
{
    /// <summary>How much of the end of stdout and of stderr the journal keeps.</summary>
    public const int TailChars = 1000;

    public string? Command { get; set; }

    public int TimeoutSeconds { get; set; }

    protected override async Task<string> RunOnceAsync(StateDbContext db, TaskEntity task, TaskLayout layout, CancellationToken cancellationToken)
    {
        var words = CommandWords.Split(Command ?? "", out var problem)
            ?? throw new InvalidOperationException($"run-command step with a command that {problem}");
        var start = new ProcessStartInfo(words[0])
        {
            WorkingDirectory = layout.WorkDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in words.Skip(1).Append(layout.MergedDirectory))
        {
            start.ArgumentList.Add(argument);
        }
        // The daemon may have the API password in its environment; the program is not given it.
        start.Environment.Remove("BATCH_INFER_PASSWORD");

        using var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return $"run-command failed: {words[0]} could not be started ({ex.Message}); the task's outcome stands";
        }
        var stdout = TailAsync(process.StandardOutput);
        var stderr = TailAsync(process.StandardError);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(TimeoutSeconds));
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        var seconds = clock.Elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var outcome = timedOut ? $"was killed after its timeout of {TimeoutSeconds} s" : $"exited with code {process.ExitCode} after {seconds} s";
        return $"{words[0]} {outcome}{(timedOut || process.ExitCode != 0 ? "; the task's outcome stands" : "")}; " +
            $"stdout: {await stdout}; stderr: {await stderr}";
    }

    // Reads the whole stream (a program blocks on a full pipe) and keeps its end only.
    private static async Task<string> TailAsync(StreamReader reader)
    {
        var tail = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > 2 * TailChars)
            {
                tail.Remove(0, tail.Length - TailChars);
            }
        }
        var text = tail.Length > TailChars ? "…" + tail.ToString(tail.Length - TailChars, TailChars) : tail.ToString();
        return text.Length == 0 ? "(empty)" : text.TrimEnd();
    }
}
