using System.Globalization;
using System.Text.RegularExpressions;
using BatchInfer.Host.Api;
using BatchInfer.Host.Cli.Monitor;
using Spectre.Console;

namespace BatchInfer.Tests.Host.Cli.Monitor;

public sealed class ChunkMapTests
{
    [Theory]
    [InlineData("pending", null, null, '.')]
    [InlineData("uploaded", null, null, 'u')]
    [InlineData("submitting", null, null, 's')]
    [InlineData("submitted", "pending", null, 's')]
    [InlineData("submitted", "running", null, 'r')]
    [InlineData("submitted", "finalizing", null, 'r')]
    [InlineData("downloading", "completed", null, 'd')]
    [InlineData("collected", "completed", null, '#')]
    [InlineData("collected", "failed", "batch failed: boom", '!')]
    [InlineData("submitted", "running", "HTTP 503 on poll", '!')]
    [InlineData("submitted", "cancelling", null, 'x')]
    [InlineData("collected", "cancelled", "batch cancelled", 'x')]
    [InlineData("some_future_phase", null, null, '?')]
    public void CharOf_PhaseAndRemoteState_Letter(string phase, string? remote, string? error, char expected) =>
        Assert.Equal(expected, ChunkMap.CharOf(MonitorSamples.Chunk(0, 0, phase, remote, error)));

    [Fact]
    public void Lines_MoreChunksThanColumns_WrapsUnderTheLabel()
    {
        var chunks = MonitorSamples.Chunks([.. Enumerable.Repeat("collected", 25)]);

        var lines = Plain(chunks, width: 20);

        // 10 columns of label, 10 of map: 25 chunks take three lines; the legend follows, wrapped too.
        Assert.Equal(["round 1   ##########", "          ##########", "          #####"], lines.Take(3));
        Assert.StartsWith("legend    . pending", lines[3], StringComparison.Ordinal);
        Assert.All(lines.Skip(4), l => Assert.StartsWith("          ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Lines_SeveralRounds_OneBlockPerRoundInChunkOrder()
    {
        ChunkDto[] chunks =
        [
            MonitorSamples.Chunk(1, 1, "pending"),
            MonitorSamples.Chunk(0, 1, "uploaded"),
            MonitorSamples.Chunk(1, 0, "collected"),
            MonitorSamples.Chunk(0, 0, "collected"),
        ];

        var lines = Plain(chunks, width: 80);

        Assert.Equal("round 1   #u", lines[0]);
        Assert.Equal("round 2   #.", lines[1]);
    }

    [Fact]
    public void Lines_Legend_NamesEveryLetterAndOnlyTheRareOnesPresent()
    {
        var legend = Plain(MonitorSamples.Chunks("pending", "collected"), width: 100)[^1];

        Assert.Equal("legend    . pending  u uploaded  s submitted  r running  d downloading  # collected  ! error", legend);
        var withCancelled = Plain([MonitorSamples.Chunk(0, 0, "submitted", "cancelled")], width: 120)[^1];
        Assert.EndsWith("! error  x cancelled", withCancelled, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_TooManyChunks_AggregatesCellsAndSaysHowMany()
    {
        var phases = Enumerable.Range(0, 2_000).Select(i => i == 5 ? "pending" : "collected").ToArray();
        var chunks = MonitorSamples.Chunks(phases).Select(c => c.Chunk == 1_500 ? c with { LastError = "boom" } : c).ToList();

        var lines = Plain(chunks, width: 110);

        var mapLines = lines.TakeWhile(l => !l.StartsWith("legend", StringComparison.Ordinal)).ToList();
        Assert.InRange(mapLines.Count, 1, ChunkMap.MaxLines);
        Assert.All(lines, l => Assert.True(l.Length <= 110, l));
        var perCell = int.Parse(Assert.Single(Regex.Matches(string.Join(" ", lines), @"\(1 char = (\d+) chunks\)$")).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(perCell, 2, 2_000 / ChunkMap.MaxLines);
        var cells = string.Concat(mapLines.Select(l => l[10..]));
        Assert.Equal(1, cells.Count(c => c == '.'));
        Assert.Equal(1, cells.Count(c => c == '!'));
        Assert.Equal(5 / perCell, cells.IndexOf('.', StringComparison.Ordinal));
        Assert.Equal(1_500 / perCell, cells.IndexOf('!', StringComparison.Ordinal));
    }

    [Fact]
    public void Lines_NoChunks_SaysNoneYet() => Assert.Equal(["chunks    none yet"], Plain([], width: 80));

    [Fact]
    public void Lines_Color_PaintsRunsWithStyles()
    {
        var line = ChunkMap.Lines(MonitorSamples.Chunks("collected", "collected", "pending"), 80, color: true)[0];

        Assert.Contains("[green]##[/][grey].[/]", line, StringComparison.Ordinal);
    }

    private static List<string> Plain(IReadOnlyList<ChunkDto> chunks, int width) =>
        [.. ChunkMap.Lines(chunks, width, color: false).Select(Markup.Remove)];
}
