using System.Text;
using BatchInfer.Activities.Lines;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Tests.Activities.Lines;

public sealed class LineGatherTests
{
    public static TheoryData<string> Orders => ["ascending", "descending", "shuffled"];

    [Theory]
    [MemberData(nameof(Orders))]
    public void Load_LinesOfTwoFilesInAnyOrder_ComeBackWholeWhereAddSaid(string order)
    {
        using var first = new TempFile();
        var lines = new[] { Lines(first.Path, 3000, 7), Lines(first.Sibling("second"), 500, 11) };
        using var gather = new LineGather();
        var random = new Random(5);
        var wanted = Enumerable.Range(0, 2).SelectMany(f => lines[f].Select((l, i) => (File: f, Index: i)).Where(x => x.Index % 3 != 1)).ToList();
        wanted = order switch
        {
            "ascending" => wanted,
            "descending" => Enumerable.Reverse(wanted).ToList(),
            _ => [.. wanted.OrderBy(_ => random.Next())],
        };
        var at = wanted.Select(w => gather.Add(w.File, lines[w.File][w.Index].Offset, lines[w.File][w.Index].Text.Length)).ToList();

        using var handles = new Handles(first.Path, first.Sibling("second"));
        gather.Load(handles.Files);

        for (var i = 0; i < wanted.Count; i++)
        {
            var line = lines[wanted[i].File][wanted[i].Index];
            Assert.Equal(line.Text, Encoding.UTF8.GetString(gather.Line(at[i], line.Text.Length)));
        }
    }

    [Fact]
    public void Load_AfterClear_HoldsOnlyTheNewLines()
    {
        using var file = new TempFile();
        var lines = Lines(file.Path, 10, 1);
        using var handles = new Handles(file.Path);
        using var gather = new LineGather();
        gather.Add(0, lines[2].Offset, lines[2].Text.Length);
        gather.Load(handles.Files);
        gather.Clear();

        var at = gather.Add(0, lines[5].Offset, lines[5].Text.Length);
        gather.Load(handles.Files);

        Assert.Equal((0, lines[5].Text.Length), (at, gather.Bytes));
        Assert.Equal(lines[5].Text, Encoding.UTF8.GetString(gather.Line(at, lines[5].Text.Length)));
    }

    [Fact]
    public void Load_FileShorterThanAsked_Throws()
    {
        using var file = new TempFile("short\n"u8.ToArray());
        using var handles = new Handles(file.Path);
        using var gather = new LineGather();
        gather.Add(0, 2, 50);

        Assert.Throws<InvalidDataException>(() => gather.Load(handles.Files));
    }

    // Lines of lengths varying up to ~2.5 MB (some longer than one read), with their offsets.
    private static List<(string Text, long Offset)> Lines(string path, int count, int seed)
    {
        var random = new Random(seed);
        var lines = new List<(string, long)>();
        using var output = new StreamWriter(path, false, new UTF8Encoding(false));
        long offset = 0;
        for (var i = 0; i < count; i++)
        {
            var text = $"{i}:" + new string((char)('a' + (i % 26)), i % 997 == 5 ? 2_500_000 : random.Next(0, 300));
            lines.Add((text, offset));
            output.Write(text + "\n");
            offset += text.Length + 1;
        }
        return lines;
    }

    private sealed class Handles(params string[] paths) : IDisposable
    {
        public SafeFileHandle?[] Files { get; } = [.. paths.Select(p => File.OpenHandle(p))];

        public void Dispose()
        {
            foreach (var file in Files)
            {
                file!.Dispose();
            }
        }
    }
}
