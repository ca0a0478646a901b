using System.Globalization;
using BatchInfer.Host.Api;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Cli;

/// <summary>
/// Renders a followed task: one self-rewriting line on a terminal, a line every few seconds when output is
/// redirected, then a summary. Gives the exit code of the task's final state.
/// </summary>
internal sealed class ProgressView(TextWriter output, bool interactive, TimeProvider time)
{
    private static readonly TimeSpan RedirectedEvery = TimeSpan.FromSeconds(5);

    private DateTimeOffset? _lastPrinted;
    private string? _lastLine;

    public void Show(TaskSummaryDto summary)
    {
        var line = Line(summary);
        var final = TaskStatusNames.IsFinal(summary.Status);
        if (interactive)
        {
            output.Write("\r" + line.PadRight(Math.Max(_lastLine?.Length ?? 0, line.Length)));
            if (final)
            {
                output.WriteLine();
            }
        }
        else if (_lastPrinted is null || time.GetUtcNow() - _lastPrinted >= RedirectedEvery || final)
        {
            output.WriteLine(line);
            _lastPrinted = time.GetUtcNow();
        }
        _lastLine = line;
    }

    /// <summary>The summary of a task that ended (or cannot go on), and the exit code for it.</summary>
    public int Finish(TaskSummaryDto summary)
    {
        if (summary.Status == TaskStatusNames.Blocked)
        {
            if (interactive)
            {
                output.WriteLine();
            }
            Console.Error.WriteLine($"Task {summary.TaskId} cannot go on: {summary.BlockedReason}\n" +
                "Fix it, then run the same command again to resume (see batch_infer.log).");
            return ExitCodes.InternalError;
        }
        var records = summary.Records;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Task {summary.TaskId} {StatusText(summary.Status)}: {records.Succeeded:N0} succeeded, {records.Failed:N0} failed, {records.Missing:N0} missing, " +
            $"{records.Invalid:N0} invalid input lines; {summary.Round + 1} round(s); {summary.ElapsedSeconds:N1} s."));
        output.WriteLine($"Results: merged/{summary.TaskId}/ (output.jsonl, error_retry0.jsonl, missing_records.jsonl, invalid_input.jsonl, summary.json)");
        return ExitCodeOf(summary.Status);
    }

    public static int ExitCodeOf(string status) => status switch
    {
        TaskStatusNames.Succeeded => ExitCodes.Succeeded,
        TaskStatusNames.FinishedWithFailures => ExitCodes.FinishedWithFailures,
        TaskStatusNames.Cancelled => ExitCodes.Cancelled,
        _ => ExitCodes.InternalError,
    };

    public static string Line(TaskSummaryDto summary)
    {
        var culture = CultureInfo.InvariantCulture;
        var time = TimeSpan.FromSeconds(summary.ElapsedSeconds).ToString(@"hh\:mm\:ss", culture);
        var head = $"[{summary.TaskId}] {time}";
        var chunks = summary.ChunksByState;
        var total = chunks.Pending + chunks.Uploaded + chunks.Submitted + chunks.Running + chunks.Downloading + chunks.Collected;
        return summary.Status switch
        {
            TaskStatusNames.Splitting => $"{head} splitting the input…",
            TaskStatusNames.Merging => $"{head} merging results…",
            TaskStatusNames.Blocked => $"{head} blocked: {summary.BlockedReason}",
            TaskStatusNames.AwaitingApproval => $"{head} awaiting approval of its plan ({summary.Records.Total:N0} records): batch_infer -approve {summary.TaskId}",
            _ when TaskStatusNames.IsFinal(summary.Status) => $"{head} done",
            _ => string.Create(culture,
                $"{head}{(summary.Status == TaskStatusNames.Paused ? " paused ·" : "")} round {summary.Round + 1}/{Math.Max(summary.MaxRound, summary.Round) + 1} · chunks {chunks.Collected}/{total} done, {chunks.Submitted + chunks.Running + chunks.Downloading} running · " +
                $"{summary.Percent:0.0}% · settled: {summary.Records.Succeeded:N0} ok, {summary.Records.Failed + summary.Records.Missing:N0} failed")
                + Rate(summary, culture),
        };
    }

    private static string Rate(TaskSummaryDto summary, CultureInfo culture) =>
        (summary.ThroughputRecordsPerSecond is { } rate ? string.Create(culture, $" · {rate:N0} rec/s") : "") +
        (summary.EtaSeconds is { } eta ? " · ETA " + TimeSpan.FromSeconds(Math.Ceiling(eta)).ToString(@"hh\:mm\:ss", culture) : "");

    private static string StatusText(string status) => status switch
    {
        TaskStatusNames.Cancelled => "was cancelled",
        _ => "finished",
    };
}
