using System.Text;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Tests.Activities.Lines;

public sealed class LineReaderTests
{
    [Fact]
    public void ReadLine_BomCrlfBlankAndNoFinalNewline_GivesLinesWithoutEndingsAndTheirOffsets()
    {
        using var file = new TempFile([0xEF, 0xBB, 0xBF, .. "a\r\n\r\nb\nc"u8]);

        var lines = ReadAll(LineReader.Open(file.Path));

        Assert.Equal([("a", 3L), ("", 6L), ("b", 8L), ("c", 10L)], lines);
    }

    [Fact]
    public void ReadLine_BomAfterTheFirstLine_IsKept()
    {
        using var file = new TempFile([.. "x\n"u8, 0xEF, 0xBB, 0xBF, .. "y\n"u8]);

        var lines = ReadAll(LineReader.Open(file.Path));

        Assert.Equal("\uFEFFy", lines[1].Text);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("\n", 1)]
    [InlineData("\n\n", 2)]
    [InlineData("a\n", 1)]
    public void ReadLine_EmptyLines_AreLinesButNothingAfterTheLastNewline(string content, int count)
    {
        using var file = new TempFile(Encoding.UTF8.GetBytes(content));

        Assert.Equal(count, ReadAll(LineReader.Open(file.Path)).Count);
    }

    [Fact]
    public void ReadLine_LinesLongerThanTheBuffer_ComeWhole()
    {
        var long1 = new string('x', 5 * 1024 * 1024 + 3);
        var long2 = new string('y', 3 * 1024 * 1024);
        using var file = new TempFile(Encoding.UTF8.GetBytes($"s\n{long1}\r\n{long2}\nt"));

        var lines = ReadAll(LineReader.Open(file.Path));

        Assert.Equal(["s", long1, long2, "t"], lines.Select(l => l.Text));
        Assert.Equal(2L + long1.Length + 2, lines[2].Offset);
    }

    [Fact]
    public void ReadLine_InvalidUtf8_BytesPassThroughUnchanged()
    {
        byte[] line = [0x7B, 0xFF, 0xC3, 0x7D];
        using var file = new TempFile([.. line, (byte)'\n']);

        using var reader = LineReader.Open(file.Path);

        Assert.True(reader.ReadLine());
        Assert.Equal(line, reader.Span.ToArray());
    }

    [Fact]
    public void Open_AdjacentRanges_TogetherReadEveryLineOnce()
    {
        var content = Encoding.UTF8.GetBytes("first\n\nsecond line\r\n  \nthird\n" + new string('z', 40) + "\nlast");
        using var file = new TempFile([0xEF, 0xBB, 0xBF, .. content]);
        var all = ReadAll(LineReader.Open(file.Path));

        for (var cut = 0; cut <= content.Length + 3; cut++)
        {
            var halves = ReadAll(LineReader.Open(file.Path, 0, cut)).Concat(ReadAll(LineReader.Open(file.Path, cut, long.MaxValue)));

            Assert.Equal(all, halves);
        }
    }

    private static List<(string Text, long Offset)> ReadAll(LineReader reader)
    {
        using (reader)
        {
            var lines = new List<(string, long)>();
            while (reader.ReadLine())
            {
                lines.Add((Encoding.UTF8.GetString(reader.Span), reader.LineOffset));
            }
            return lines;
        }
    }
}
