using System.Text;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Tests.Activities.Lines;

public sealed class LineScanTests
{
    [Fact]
    public void TryNext_FileOfManyBlocks_GivesEveryLineOnceInOrder()
    {
        var random = new Random(9);
        var text = new StringBuilder();
        for (var i = 0; text.Length < 14 * 1024 * 1024; i++)
        {
            text.Append(i % 5000 == 17 ? new string('L', 5 * 1024 * 1024) : new string('s', random.Next(0, 500))).Append(i % 7 == 0 ? "\r\n" : "\n");
        }
        text.Append("no newline at the end");
        using var file = new TempFile(Encoding.UTF8.GetBytes(text.ToString()));
        var expected = new List<(long, int, byte)>();
        using (var reader = LineReader.Open(file.Path))
        {
            while (reader.ReadLine())
            {
                expected.Add((reader.LineOffset, reader.Span.Length, reader.Span.IsEmpty ? (byte)0 : reader.Span[^1]));
            }
        }

        using var scan = new LineScan<(long, int, byte)>(file.Path, () => new Shape());
        var results = new List<(long, int, byte)>();
        while (scan.TryNext(out var result))
        {
            results.Add(result);
        }

        Assert.Equal(expected, results);
    }

    [Fact]
    public void TryNext_EmptyFile_GivesNothing()
    {
        using var file = new TempFile([]);
        using var scan = new LineScan<(long, int, byte)>(file.Path, () => new Shape());

        Assert.False(scan.TryNext(out _));
    }

    [Fact]
    public void TryNext_InspectorFails_Throws()
    {
        using var file = new TempFile("a\nb\n"u8.ToArray());
        using var scan = new LineScan<int>(file.Path, () => new Failing());

        Assert.Throws<FormatException>(() => scan.TryNext(out _));
    }

    private sealed class Shape : ILineInspector<(long, int, byte)>
    {
        public (long, int, byte) Inspect(ReadOnlySpan<byte> line, long offset) => (offset, line.Length, line.IsEmpty ? (byte)0 : line[^1]);
    }

    private sealed class Failing : ILineInspector<int>
    {
        public int Inspect(ReadOnlySpan<byte> line, long offset) => throw new FormatException("bad line");
    }
}
