using System.Text;
using System.Text.Json.Nodes;
using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Input;

public sealed class InputSplitterTests : IDisposable
{
    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task SplitAsync_LinesWithoutCustomId_UsePhysicalLineNumberCountingBlankLines()
    {
        _fixture.WriteInput(SplitFixture.Record("a"), "", "   ", SplitFixture.Record("b"));

        var result = await _fixture.SplitAsync();

        var requests = _fixture.Requests(0, result.Chunks);
        Assert.Equal([(1L, "1"), (4L, "4")], requests.Select(r => (r.Seq, r.CustomId)));
        Assert.Equal(["1", "4"], requests.Select(r => (string)r.Json["custom_id"]!));
        Assert.Equal((4L, 2L, 2L, 0L), (result.PhysicalLines, result.BlankLines, result.ValidRecords, result.InvalidRecords));
    }

    [Fact]
    public async Task SplitAsync_LineWithCustomId_KeepsItsOwnId()
    {
        _fixture.WriteInput($$"""{"custom_id":"q-7","messages":{{SplitFixture.Messages("a")}}}""", SplitFixture.Record("b"));

        var result = await _fixture.SplitAsync();

        Assert.Equal(["q-7", "2"], _fixture.Requests(0, result.Chunks).Select(r => (string)r.Json["custom_id"]!));
    }

    [Fact]
    public async Task SplitAsync_EscapedCustomId_IsUnescapedForDuplicatesAndSafeInIdsFile()
    {
        _fixture.WriteInput(
            $$"""{"custom_id":"tab\there \u00e9","messages":[]}""",
            $$"""{"custom_id":"tab\u0009here é","messages":[]}""");

        var result = await _fixture.SplitAsync();

        var request = Assert.Single(_fixture.Requests(0, result.Chunks));
        Assert.Equal("tab\there é", (string)request.Json["custom_id"]!);
        Assert.DoesNotContain('\t', request.CustomId);
        Assert.Contains("line 1 already uses it", (string)Assert.Single(_fixture.Invalid())["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitAsync_BatchFormatLine_IsSentAsIs()
    {
        const string Line = """{"custom_id":"own","method":"POST","url":"/v1/chat/completions","body":{"model":"other","messages":[{"role":"user","content":"hi"}],"max_tokens":9}}""";
        _fixture.WriteInput(Line);

        var result = await _fixture.SplitAsync();

        var request = Assert.Single(_fixture.Requests(0, result.Chunks));
        Assert.Equal(Line, request.Request);
        Assert.Equal("own", request.CustomId);
    }

    [Fact]
    public async Task SplitAsync_PlainLine_BuildsBodyFromConfigWithExtraBodyFlat()
    {
        var config = SplitFixture.Config(messagesKey: "conversation", extraBody: new JsonObject { ["top_k"] = 4, ["stop"] = new JsonArray("END") }) with { };
        config = config with { Model = config.Model with { Temperature = 0.6, TopP = 0.9, EnableThinking = false } };
        var messages = """[ {"role": "user", "content": "你好 \"there\""} ]""";
        _fixture.WriteInput($$"""{"conversation": {{messages}}, "other": 1}""");

        var result = await _fixture.SplitAsync(config);

        var request = Assert.Single(_fixture.Requests(0, result.Chunks)).Json;
        Assert.Equal("POST", (string)request["method"]!);
        Assert.Equal("/v1/chat/completions", (string)request["url"]!);
        var expected = new JsonObject
        {
            ["model"] = "test-model",
            ["messages"] = JsonNode.Parse(messages),
            ["max_tokens"] = 256,
            ["temperature"] = 0.6,
            ["top_p"] = 0.9,
            ["enable_thinking"] = false,
            ["top_k"] = 4,
            ["stop"] = new JsonArray("END"),
        };
        Assert.True(JsonNode.DeepEquals(expected, request["body"]), request.ToJsonString());
    }

    [Fact]
    public async Task SplitAsync_BomAndCrlf_ReadLikePlainLines()
    {
        var text = SplitFixture.Record("a") + "\r\n\r\n" + $$"""{"custom_id":"x","messages":[]}""" + "\r\n";
        await File.WriteAllBytesAsync(_fixture.InputPath, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);

        var result = await _fixture.SplitAsync();

        var requests = _fixture.Requests(0, result.Chunks);
        Assert.Equal([(1L, "1"), (3L, "x")], requests.Select(r => (r.Seq, r.CustomId)));
        Assert.All(requests, r => Assert.DoesNotContain('\r', r.Request));
        Assert.Equal((3L, 1L, 0L), (result.PhysicalLines, result.BlankLines, result.InvalidRecords));
    }

    [Fact]
    public async Task SplitAsync_FiveMegabyteLine_IsCarriedWhole()
    {
        var content = new string('x', 5 * 1024 * 1024);
        _fixture.WriteInput(SplitFixture.Record("short"), SplitFixture.Record(content), SplitFixture.Record("after"));

        var result = await _fixture.SplitAsync(profile: ProviderProfile.OpenAI);

        var requests = _fixture.Requests(0, result.Chunks);
        Assert.Equal([1L, 2L, 3L], requests.Select(r => r.Seq));
        Assert.Equal(content, (string)requests[1].Json["body"]!["messages"]![0]!["content"]!);
    }

    [Fact]
    public async Task SplitAsync_TestLines_ReadsOnlyTheFirstPhysicalLines()
    {
        _fixture.WriteInput(SplitFixture.Record("a"), "", SplitFixture.Record("c"), SplitFixture.Record("d"), "not json");

        var result = await _fixture.SplitAsync(SplitFixture.Config(testLines: 3));

        Assert.Equal([1L, 3L], _fixture.Requests(0, result.Chunks).Select(r => r.Seq));
        Assert.Equal((3L, 1L, 2L, 0L), (result.PhysicalLines, result.BlankLines, result.ValidRecords, result.InvalidRecords));
        Assert.Empty(_fixture.Invalid());
    }

    [Fact]
    public async Task SplitAsync_LinesPerChunk_CutsChunksOfThatSize()
    {
        _fixture.WriteInput([.. Enumerable.Range(0, 7).Select(i => SplitFixture.Record("q" + i))]);

        var result = await _fixture.SplitAsync(SplitFixture.Config(linesPerChunk: 3));

        Assert.Equal([3, 3, 1], result.Chunks.Select(c => c.Records));
        Assert.Equal([0, 1, 2], result.Chunks.Select(c => c.Index));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), _fixture.Requests(0, result.Chunks).Select(r => r.Seq));
        Assert.All(result.Chunks, c => Assert.Equal(new FileInfo(_fixture.Layout.ChunkRequests(0, c.Index)).Length, c.Bytes));
    }

    [Fact]
    public async Task SplitAsync_ProfileRequestLimit_CapsLinesPerChunk()
    {
        _fixture.WriteInput([.. Enumerable.Range(0, 5).Select(i => SplitFixture.Record("q" + i))]);
        var profile = ProviderProfile.OpenAI with { MaxRequestsPerFile = 2 };

        var result = await _fixture.SplitAsync(SplitFixture.Config(linesPerChunk: 1000), profile);

        Assert.Equal([2, 2, 1], result.Chunks.Select(c => c.Records));
    }

    [Fact]
    public async Task SplitAsync_ProfileFileSize_ClosesChunkBeforeItWouldPassTheLimit()
    {
        _fixture.WriteInput([.. Enumerable.Range(0, 10).Select(i => SplitFixture.Record("question " + i))]);
        await _fixture.SplitAsync(profile: ProviderProfile.OpenAI);
        var lineBytes = new FileInfo(_fixture.Layout.ChunkRequests(0, 0)).Length / 10;
        var profile = ProviderProfile.OpenAI with { MaxFileBytes = (lineBytes * 3) + 1 };

        var result = await _fixture.SplitAsync(profile: profile);

        Assert.Equal([3, 3, 3, 1], result.Chunks.Select(c => c.Records));
        Assert.All(result.Chunks, c => Assert.True(c.Bytes <= profile.MaxFileBytes));
        Assert.False(File.Exists(_fixture.Layout.ChunkRequests(0, 4)));
    }

    [Fact]
    public async Task SplitAsync_RerunWithFewerChunks_DeletesStaleChunkFiles()
    {
        _fixture.WriteInput([.. Enumerable.Range(0, 6).Select(i => SplitFixture.Record("q" + i))]);
        await _fixture.SplitAsync(SplitFixture.Config(linesPerChunk: 2));
        await File.WriteAllTextAsync(_fixture.Layout.ChunkOutput(0, 2), "{}\n");

        var result = await _fixture.SplitAsync(SplitFixture.Config(linesPerChunk: 3));

        Assert.Equal(2, result.Chunks.Count);
        Assert.False(File.Exists(_fixture.Layout.ChunkRequests(0, 2)));
        Assert.False(File.Exists(_fixture.Layout.ChunkIds(0, 2)));
        Assert.False(File.Exists(_fixture.Layout.ChunkOutput(0, 2)));
        Assert.Equal(6, _fixture.Requests(0, result.Chunks).Count);
        Assert.Empty(Directory.EnumerateFiles(_fixture.Layout.RoundDirectory(0), "*.tmp"));
    }
}
