using BatchInfer.Host.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatchInfer.Host.Cli.Monitor;

internal static partial class MonitorView
{
    private static readonly string[] ListHeader = ["TASK", "STATUS", "PERCENT", "OK", "FAILED", "PENDING", "ROUND", "ETA"];

    /// <summary>One line per task under a header row.</summary>
    public static IRenderable List(IReadOnlyList<TaskSummaryDto> tasks) => ToRenderable(ListLines(tasks, color: true));

    public static string ListText(IReadOnlyList<TaskSummaryDto> tasks) => ToText(ListLines(tasks, color: false));

    internal static IReadOnlyList<string> ListLines(IReadOnlyList<TaskSummaryDto> tasks, bool color)
    {
        if (tasks.Count == 0)
        {
            return ["no tasks"];
        }
        var rows = tasks.Select(t => new[]
        {
            t.TaskId, t.Status, HumanFormat.Percent(t.Percent), HumanFormat.Count(t.Records.Succeeded),
            HumanFormat.Count(t.Records.Failed), HumanFormat.Count(t.Records.Pending), $"{t.Round + 1}/{t.MaxRound + 1}",
            TaskStatuses.IsFinished(t.Status) ? "done" : HumanFormat.Duration(t.EtaSeconds),
        }).ToList();
        var widths = ListHeader.Select((h, i) => rows.Max(r => r[i].Length) is var w && w > h.Length ? w : h.Length).ToArray();

        var lines = new List<string> { Cells(ListHeader, widths, _ => null, color ? "bold" : null) };
        lines.AddRange(rows.Select((row, n) => Cells(row, widths, i => i == 1 && color ? TaskStatuses.Style(tasks[n].Status) : null, null)));
        var active = tasks.Count(t => !TaskStatuses.IsFinished(t.Status));
        lines.Add($"{tasks.Count} task(s), {active} unfinished");
        return lines;
    }

    // Text columns left-aligned, numbers right-aligned, so figures line up digit by digit.
    private static string Cells(string[] cells, int[] widths, Func<int, string?> styleOf, string? rowStyle)
    {
        var parts = cells.Select((cell, i) =>
        {
            var padded = i is 0 or 1 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]);
            var style = styleOf(i) ?? rowStyle;
            return style is null ? Markup.Escape(padded) : $"[{style}]{Markup.Escape(padded)}[/]";
        });
        return string.Join("  ", parts).TrimEnd();
    }
}
