using System.Text;
using System.Text.Json;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Tests.Activities.Lines;

public sealed class AtomicLineWriterTests
{
    [Fact]
    public void Commit_LinesAcrossManyBlocks_AreWrittenInOrder()
    {
        using var file = new TempFile();
        var random = new Random(3);
        var expected = new MemoryStream();
        using (var writer = AtomicLineWriter.Create(file.Path))
        {
            for (var i = 0; i < 20_000; i++)
            {
                var text = Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), random.Next(0, 400)));
                writer.Write(i);
                writer.Write((byte)'\t');
                writer.Write(text);
                writer.EndLine();
                expected.Write(Encoding.UTF8.GetBytes(i + "\t"));
                expected.Write(text);
                expected.WriteByte((byte)'\n');
            }
            var big = Encoding.UTF8.GetBytes(new string('B', (5 * 1024 * 1024) + 17));
            writer.Write(big);
            writer.EndLine();
            expected.Write(big);
            expected.WriteByte((byte)'\n');
            Assert.Equal((20_001L, expected.Length), (writer.Lines, writer.Length));
            writer.Commit();
        }

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(file.Path));
        Assert.False(File.Exists(file.Path + ".tmp"));
    }

    [Fact]
    public void OpenDirect_FileOfUnalignedLengthWrittenDirect_ReadsBackEveryLine()
    {
        using var file = new TempFile();
        var lines = Enumerable.Range(0, 30_000).Select(i => new string((char)('a' + (i % 26)), (i * 37) % 301)).ToList();
        using (var writer = AtomicLineWriter.Create(file.Path))
        {
            foreach (var line in lines)
            {
                writer.Write(Encoding.UTF8.GetBytes(line));
                writer.EndLine();
            }
            writer.Commit();
        }

        var read = new List<string>();
        using (var reader = LineReader.OpenDirect(file.Path))
        {
            while (reader.ReadLine())
            {
                read.Add(Encoding.UTF8.GetString(reader.Span));
            }
        }

        Assert.Equal(lines.Sum(l => l.Length + 1L), new FileInfo(file.Path).Length);
        Assert.Equal(lines, read);
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNoFileAtAll()
    {
        using var file = new TempFile();
        using (var writer = AtomicLineWriter.Create(file.Path))
        {
            writer.Write(new byte[3 * 1024 * 1024]);
            writer.EndLine();
            Assert.False(File.Exists(file.Path));
        }

        Assert.False(File.Exists(file.Path));
        Assert.False(File.Exists(file.Path + ".tmp"));
    }

    [Fact]
    public void Commit_ReplacesAnOlderFile()
    {
        using var file = new TempFile("old content\n"u8.ToArray());
        using (var writer = AtomicLineWriter.Create(file.Path))
        {
            writer.Write("new"u8);
            writer.EndLine();
            Assert.Equal("old content\n", File.ReadAllText(file.Path));
            writer.Commit();
        }

        Assert.Equal("new\n", File.ReadAllText(file.Path));
    }

    [Fact]
    public void BufferWriter_ValueLargerThanABlock_IsWrittenWhole()
    {
        using var file = new TempFile();
        var value = new string('v', 3 * 1024 * 1024);
        using (var writer = AtomicLineWriter.Create(file.Path))
        {
            writer.Write("x"u8);
            using (var json = new Utf8JsonWriter(writer))
            {
                json.WriteStringValue(value);
            }
            writer.EndLine();
            writer.Commit();
        }

        Assert.Equal($"x\"{value}\"\n", File.ReadAllText(file.Path));
    }
}
