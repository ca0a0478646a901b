using System.Text;
using BatchInfer.Host.Api;
using Spectre.Console;

namespace BatchInfer.Host.Cli.Monitor;

/// <summary>
/// One character per chunk, a row block per round, wrapped to the terminal width. A very large task would fill
/// the screen, so past <see cref="MaxLines"/> map lines each character stands for several chunks (the least advanced
/// of them, or an error / cancellation if any has one) and the legend says how many.
/// </summary>
internal static class ChunkMap
{
    public const int MaxLines = 12;

    // Least to most advanced; an aggregated cell shows the least advanced chunk it covers.
    private static readonly Glyph[] Progression =
    [
        new('.', "pending", "grey"),
        new('u', "uploaded", "blue"),
        new('s', "submitted", "cyan"),
        new('r', "running", "yellow"),
        new('d', "downloading", "magenta"),
        new('#', "collected", "green"),
    ];

    private static readonly Glyph Cancelled = new('x', "cancelled", "grey");
    private static readonly Glyph Error = new('!', "error", "red bold");
    private static readonly Glyph Unknown = new('?', "unknown phase", "white");

    /// <summary>Markup lines: the map (one block per round) then the legend.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<ChunkDto> chunks, int width, bool color)
    {
        if (chunks.Count == 0)
        {
            return [MonitorView.Row("chunks", "none yet")];
        }
        var rounds = chunks.GroupBy(c => c.Round).OrderBy(g => g.Key)
            .Select(g => (Round: g.Key, Glyphs: g.OrderBy(c => c.Chunk).Select(GlyphOf).ToList()))
            .ToList();
        var columns = Math.Max(8, width - MonitorView.LabelWidth);
        var perCell = 1;
        while (rounds.Sum(r => CeilDiv(CeilDiv(r.Glyphs.Count, perCell), columns)) > MaxLines)
        {
            perCell *= 2;
        }

        var lines = new List<string>();
        foreach (var (round, glyphs) in rounds)
        {
            var cells = glyphs.Chunk(perCell).Select(Aggregate).ToList();
            for (var start = 0; start < cells.Count; start += columns)
            {
                var label = start == 0 ? MonitorView.Row($"round {round + 1}", "") : new string(' ', MonitorView.LabelWidth);
                lines.Add(label + Paint(cells.Skip(start).Take(columns), color));
            }
        }
        var present = rounds.SelectMany(r => r.Glyphs).ToHashSet();
        var scale = perCell > 1 ? [$"(1 char = {perCell} chunks)"] : Array.Empty<string>();
        lines.AddRange(MonitorView.Wrapped("legend", Legend(present, color).Concat(scale), width, separator: "  "));
        return lines;
    }

    internal static char CharOf(ChunkDto chunk) => GlyphOf(chunk).Char;

    private static Glyph GlyphOf(ChunkDto chunk)
    {
        if (chunk.RemoteState is "cancelled" or "cancelling")
        {
            return Cancelled;
        }
        if (chunk.LastError is not null)
        {
            return Error;
        }
        return chunk.Phase switch
        {
            "pending" => Progression[0],
            "uploaded" => Progression[1],
            "submitting" => Progression[2],
            "submitted" => chunk.RemoteState is "running" or "finalizing" ? Progression[3] : Progression[2],
            "downloading" => Progression[4],
            "collected" => Progression[5],
            _ => Unknown,
        };
    }

    private static Glyph Aggregate(Glyph[] cell) =>
        cell.Contains(Error) ? Error
        : cell.Contains(Cancelled) ? Cancelled
        : cell.Contains(Unknown) ? Unknown
        : cell.MinBy(g => Array.IndexOf(Progression, g))!;

    private static IEnumerable<string> Legend(HashSet<Glyph> present, bool color) =>
        Progression.Append(Error).Concat(new[] { Cancelled, Unknown }.Where(present.Contains))
            .Select(g => Paint([g], color) + " " + g.Name);

    // Runs of one glyph share a style tag so a wide map stays a short markup string.
    private static string Paint(IEnumerable<Glyph> glyphs, bool color)
    {
        var text = new StringBuilder();
        foreach (var run in Runs(glyphs))
        {
            var chars = Markup.Escape(new string(run.Glyph.Char, run.Count));
            text.Append(color ? $"[{run.Glyph.Style}]{chars}[/]" : chars);
        }
        return text.ToString();
    }

    private static IEnumerable<(Glyph Glyph, int Count)> Runs(IEnumerable<Glyph> glyphs)
    {
        Glyph? current = null;
        var count = 0;
        foreach (var glyph in glyphs)
        {
            if (glyph != current && current is not null)
            {
                yield return (current, count);
                count = 0;
            }
            current = glyph;
            count++;
        }
        if (current is not null)
        {
            yield return (current, count);
        }
    }

    private static int CeilDiv(int value, int divisor) => (value + divisor - 1) / divisor;

    private sealed record Glyph(char Char, string Name, string Style);
}
