using System.Text;
using BatchInfer.Host.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatchInfer.Host.Cli.Monitor;

/// <summary>
/// What <c>-monitor</c> shows, built from the API's read models with no I/O. Every view is a list of Spectre
/// markup lines: rendered as markup on a terminal, stripped to plain text (no escape codes) when redirected.
/// </summary>
internal static partial class MonitorView
{
    private const int BarWidth = 40;
    internal const int LabelWidth = 10;

    /// <summary>The monitor screen of one task; the chunk map wraps at <paramref name="width"/> columns.</summary>
    public static IRenderable Screen(TaskDetailDto task, int width) => ToRenderable(ScreenLines(task, width, color: true));

    /// <summary>The same screen as plain text, for redirected output.</summary>
    public static string ScreenText(TaskDetailDto task, int width) => ToText(ScreenLines(task, width, color: false));

    internal static IReadOnlyList<string> ScreenLines(TaskDetailDto task, int width, bool color)
    {
        var s = task.Summary;
        var lines = new List<string>
        {
            $"[bold]Task {Markup.Escape(s.TaskId)}[/]  {StatusLabel(s.Status, color)}  round {s.Round + 1} of {s.MaxRound + 1}" +
                $"  elapsed {HumanFormat.Duration(s.ElapsedSeconds)}",
            $"{Bar(s.Percent, color)} {HumanFormat.Percent(s.Percent)}",
        };
        if (TaskStatuses.Note(s.Status) is { } note)
        {
            lines.Add(Row("", Markup.Escape(note)));
        }
        if (s.BlockedReason is { } reason)
        {
            lines.Add(Row("blocked", $"[red]{Markup.Escape(reason)}[/]"));
            lines.Add(Row("", "fix the cause, then run the same -pipeline command again to resume"));
        }
        lines.AddRange(Wrapped("records", Records(s.Records), width));
        lines.AddRange(Wrapped("chunks", ChunkCounts(s.ChunksByState, s.Round), width));
        lines.Add(Row("speed", $"{HumanFormat.Throughput(s.ThroughputRecordsPerSecond)}  eta " +
            (TaskStatuses.IsFinished(s.Status) ? "done" : HumanFormat.Duration(s.EtaSeconds))));
        lines.Add(Row("time", $"started {HumanFormat.Timestamp(s.StartedAt)}" +
            (s.FinishedAt is { } finished ? $"  finished {HumanFormat.Timestamp(finished)}" : "")));
        lines.AddRange(Wrapped("errors", Errors(s.ErrorsByCode), width));
        lines.Add("");
        lines.AddRange(ChunkMap.Lines(task.Chunks, width, color));
        return lines;
    }

    internal static string Row(string label, string value) => Markup.Escape(label.PadRight(LabelWidth)) + value;

    internal static string StatusLabel(string status, bool color) =>
        color ? $"[{TaskStatuses.Style(status)}]{Markup.Escape(status)}[/]" : Markup.Escape(status);

    private static string Bar(double percent, bool color)
    {
        var filled = (int)Math.Round(Math.Clamp(percent, 0, 100) / 100 * BarWidth);
        return color
            ? $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]"
            : $"[[{new string('#', filled)}{new string('-', BarWidth - filled)}]]";
    }

    /// <summary>
    /// A labelled row of items joined by a separator, continued under the label when it would pass the width, so a
    /// narrow terminal never breaks a figure from its name.
    /// </summary>
    internal static IEnumerable<string> Wrapped(string label, IEnumerable<string> items, int width, string separator = " · ")
    {
        var line = new StringBuilder(Row(label, ""));
        var length = LabelWidth;
        var empty = true;
        foreach (var item in items)
        {
            var visible = Markup.Remove(item).Length;
            if (!empty && length + separator.Length + visible > width)
            {
                yield return line.ToString();
                (line, length, empty) = (new StringBuilder(new string(' ', LabelWidth)), LabelWidth, true);
            }
            line.Append(empty ? "" : separator).Append(item);
            length += (empty ? 0 : separator.Length) + visible;
            empty = false;
        }
        yield return line.ToString();
    }

    private static string[] Records(RecordCountsDto r) =>
    [
        $"{HumanFormat.Count(r.Total)} total", $"[green]{HumanFormat.Count(r.Succeeded)} ok[/]",
        $"[red]{HumanFormat.Count(r.Failed)} failed[/]", $"[yellow]{HumanFormat.Count(r.Missing)} missing[/]",
        $"{HumanFormat.Count(r.Pending)} pending", $"{HumanFormat.Count(r.Invalid)} invalid",
        // Answers of the running round settle only when it ends; without this the screen says "0 ok" for a whole round.
        .. r.Answered > 0 ? [$"{HumanFormat.Count(r.Answered)} answered this round"] : Array.Empty<string>(),
    ];

    // The counts are the current round's; the map below shows every round.
    private static string[] ChunkCounts(ChunkCountsDto c, int round) =>
    [
        $"round {round + 1}: {c.Pending} pending", $"{c.Uploaded} uploaded", $"{c.Submitted} submitted", $"{c.Running} running",
        $"{c.Downloading} downloading", $"{c.Collected} collected",
    ];

    private static IEnumerable<string> Errors(IReadOnlyDictionary<string, long> errors) =>
        errors.Count == 0
            ? ["none"]
            : errors.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => $"[red]{Markup.Escape(e.Key)}[/] {HumanFormat.Count(e.Value)}");

    // One markup for the whole screen: Rows would drop the empty spacer line. No style tag spans two lines.
    private static Markup ToRenderable(IEnumerable<string> lines) => new(string.Join('\n', lines));

    private static string ToText(IEnumerable<string> lines) =>
        string.Join(Environment.NewLine, lines.Select(Markup.Remove)) + Environment.NewLine;
}
