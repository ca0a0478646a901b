using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Input;

/// <summary>The splitter over the real inputs in examples/data/.</summary>
public sealed class RealInputTests : IDisposable
{
    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task SplitAsync_Gsm8k_EveryLineIsAValidRecordWithItsMessages()
    {
        var path = TestPaths.Data("gsm8k.messages.jsonl");
        var lines = await File.ReadAllLinesAsync(path);

        var result = await Split(path, ProviderProfile.Spark);

        Assert.Equal((8792L, 8792L, 0L, 0L), (result.PhysicalLines, result.ValidRecords, result.InvalidRecords, result.BlankLines));
        Assert.Equal(9, result.Chunks.Count);
        var requests = _fixture.Requests(0, result.Chunks);
        Assert.Equal(Enumerable.Range(1, 8792).Select(i => (long)i), requests.Select(r => r.Seq));
        foreach (var request in requests)
        {
            var json = request.Json;
            Assert.Equal(request.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)json["custom_id"]!);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(lines[request.Seq - 1])!["messages"], json["body"]!["messages"]), $"line {request.Seq}");
        }
        Assert.Empty(_fixture.Invalid());
    }

    [Fact]
    public async Task SplitAsync_SharegptUnderSpark_BodiesOver6KiBAreInvalidAndTheRestValid()
    {
        var path = TestPaths.Data("sharegpt-zh.messages.jsonl");
        var lines = await File.ReadAllLinesAsync(path);
        var sizes = lines.Select(ExpectedBodyBytes).ToArray();
        var tooBig = Enumerable.Range(1, lines.Length).Where(n => sizes[n - 1] > 6144).Select(n => (long)n).ToList();

        var result = await Split(path, ProviderProfile.Spark);

        Assert.NotEmpty(tooBig);
        Assert.True(tooBig.Count < lines.Length);
        var invalid = _fixture.Invalid();
        Assert.Equal(tooBig, invalid.Select(i => (long)i["line"]!));
        Assert.All(invalid, i => Assert.Equal(
            $"request body is {sizes[(int)i["line"]! - 1]} bytes, over the spark limit of 6144 bytes per request body",
            (string)i["reason"]!));
        Assert.All(invalid, i => Assert.Equal(lines[(int)i["line"]! - 1], (string)i["text"]!));
        var valid = _fixture.Requests(0, result.Chunks);
        Assert.Equal(Enumerable.Range(1, lines.Length).Select(n => (long)n).Except(tooBig), valid.Select(r => r.Seq));
        Assert.All(valid, r => Assert.Equal(sizes[r.Seq - 1], Encoding.UTF8.GetByteCount(BodyText(r.Request))));
    }

    private async Task<SplitResult> Split(string input, ProviderProfile profile) =>
        await InputSplitter.SplitAsync(input, SplitFixture.Config(), profile, _fixture.Layout, CancellationToken.None);

    // The body the tool must send: its own fields around the line's messages copied byte for byte.
    private static int ExpectedBodyBytes(string line)
    {
        using var document = JsonDocument.Parse(line);
        var messages = document.RootElement.GetProperty("messages").GetRawText();
        return Encoding.UTF8.GetByteCount("{\"model\":\"test-model\",\"messages\":" + messages + ",\"max_tokens\":256}");
    }

    private static string BodyText(string request)
    {
        using var document = JsonDocument.Parse(request);
        return document.RootElement.GetProperty("body").GetRawText();
    }
}
