using System.Text;
using BatchInfer.Activities.Results;
using BatchInfer.Tests.Activities.Lines;

namespace BatchInfer.Tests.Activities.Results;

public sealed class ChunkIdsTests
{
    [Fact]
    public void Find_PlainAndEscapedIds_FindTheirRecordByText()
    {
        using var file = new TempFile(Encoding.UTF8.GetBytes("4\tq-1\n9\ttab\\there\n12\t\\u00e9t\\u00e9\n13\t中文\n"));

        var ids = new ChunkIds();
        ids.Load(file.Path);

        Assert.Equal(4, ids.Count);
        string[] texts = ["q-1", "tab\there", "été", "中文", "q-2"];
        Assert.Equal([0, 1, 2, 3, -1], texts.Select(t => ids.Find(Encoding.UTF8.GetBytes(t))));
        Assert.Equal(("tab\\there", 9L), (Encoding.UTF8.GetString(ids.Json(1)), ids.Seq(1)));
    }

    [Fact]
    public void Load_ManyIds_FindsEveryOne()
    {
        using var file = new TempFile(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 70_000).Select(i => $"{i}\tid-{i * 7}\n"))));

        var ids = new ChunkIds();
        ids.Load(file.Path);

        Assert.All(Enumerable.Range(0, 70_000), r => Assert.Equal(r, ids.Find(Encoding.UTF8.GetBytes($"id-{(r + 1) * 7}"))));
    }

    [Fact]
    public void Load_SameTextSpelledTwoWays_Throws()
    {
        using var file = new TempFile(Encoding.UTF8.GetBytes("1\té\n2\t\\u00e9\n"));

        var error = Assert.Throws<InvalidDataException>(() => new ChunkIds().Load(file.Path));

        Assert.Contains("line 2: custom_id appears twice in one chunk", error.Message, StringComparison.Ordinal);
    }
}
