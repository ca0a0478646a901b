using System.Text;
using System.Text.Json.Nodes;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Input;

public sealed class InputValidationTests : IDisposable
{
    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("{\"messages\": [1,", "not JSON", "stopped at byte 16")]
    [InlineData("hello", "not JSON", "stopped at byte 1")]
    [InlineData("{\"messages\": []} trailing", "not JSON", "stopped at byte 18")]
    [InlineData("[1, 2]", "not a JSON object", "array")]
    [InlineData("\"text\"", "not a JSON object", "string")]
    [InlineData("{\"prompt\": \"hi\"}", "messages_key \"messages\" is missing", "")]
    [InlineData("{\"messages\": \"hi\"}", "\"messages\" is a string", "expected an array")]
    [InlineData("{\"messages\": {\"role\": \"user\"}}", "\"messages\" is a object", "expected an array")]
    [InlineData("{\"custom_id\": 5, \"messages\": []}", "custom_id is a number", "expected a string")]
    [InlineData("{\"custom_id\": null, \"messages\": []}", "custom_id is a null", "expected a string")]
    [InlineData("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":[]}", "body is a array", "expected an object")]
    public async Task SplitAsync_InvalidLine_IsReportedWithReasonAndText(string line, string reason, string detail)
    {
        _fixture.WriteInput(SplitFixture.Record("ok"), line);

        var result = await _fixture.SplitAsync();

        var invalid = Assert.Single(_fixture.Invalid());
        Assert.Equal(2, (int)invalid["line"]!);
        Assert.Equal(line, (string)invalid["text"]!);
        Assert.Contains(reason, (string)invalid["reason"]!, StringComparison.Ordinal);
        Assert.Contains(detail, (string)invalid["reason"]!, StringComparison.Ordinal);
        Assert.Equal((1L, 1L), (result.ValidRecords, result.InvalidRecords));
        Assert.Equal([1L], _fixture.Requests(0, result.Chunks).Select(r => r.Seq));
    }

    [Fact]
    public async Task SplitAsync_InvalidLine_NamesItsCustomIdWhenKnown()
    {
        _fixture.WriteInput("{\"custom_id\":\"q1\"}", "{\"prompt\":1}", "{\"custom_id\":3}");

        await _fixture.SplitAsync();

        Assert.Equal(["q1", "2", null], _fixture.Invalid().Select(i => (string?)i["custom_id"]));
    }

    [Fact]
    public async Task SplitAsync_InvalidUtf8_IsReportedWithOffset()
    {
        await File.WriteAllBytesAsync(_fixture.InputPath, [.. "{\"messages\":[\"ab"u8, 0xFF, .. "\"]}\n"u8]);

        await _fixture.SplitAsync();

        var invalid = Assert.Single(_fixture.Invalid());
        Assert.Contains("not valid UTF-8 (first bad byte at byte 17 of the line)", (string)invalid["reason"]!, StringComparison.Ordinal);
        Assert.Equal("{\"messages\":[\"ab\uFFFD\"]}", (string)invalid["text"]!);
    }

    [Fact]
    public async Task SplitAsync_BodyOverProfileLimit_NamesBothSizes()
    {
        var small = SplitFixture.Record("x");
        var big = SplitFixture.Record(new string('y', 7000));
        _fixture.WriteInput(small, big);

        var result = await _fixture.SplitAsync();

        var reason = (string)Assert.Single(_fixture.Invalid())["reason"]!;
        var body = Assert.Single(_fixture.Requests(0, result.Chunks)).Json["body"]!.ToJsonString();
        var expectedSize = Encoding.UTF8.GetByteCount(body) + 7000 - 1;
        Assert.Equal($"request body is {expectedSize} bytes, over the spark limit of 6144 bytes per request body", reason);
    }

    [Fact]
    public async Task SplitAsync_RequestLineOverFileLimit_IsInvalid()
    {
        _fixture.WriteInput(SplitFixture.Record("x"), SplitFixture.Record(new string('y', 500)));
        var profile = ProviderProfile.OpenAI with { MaxFileBytes = 400 };

        var result = await _fixture.SplitAsync(profile: profile);

        var reason = (string)Assert.Single(_fixture.Invalid())["reason"]!;
        Assert.Matches(@"^request line is \d+ bytes, over the openai limit of 400 bytes per file$", reason);
        Assert.Equal(1, result.ValidRecords);
    }

    [Fact]
    public async Task SplitAsync_DuplicateExplicitId_NamesFirstLine()
    {
        _fixture.WriteInput("{\"custom_id\":\"a\",\"messages\":[]}", "{\"custom_id\":\"b\",\"messages\":[]}", "{\"custom_id\":\"a\",\"messages\":[]}");

        var result = await _fixture.SplitAsync();

        var invalid = Assert.Single(_fixture.Invalid());
        Assert.Equal(3, (int)invalid["line"]!);
        Assert.Equal("duplicate custom_id \"a\": line 1 already uses it", (string)invalid["reason"]!);
        Assert.Equal(["a", "b"], _fixture.Requests(0, result.Chunks).Select(r => r.CustomId));
    }

    [Fact]
    public async Task SplitAsync_ExplicitIdEqualToEarlierLineNumber_IsDuplicate()
    {
        _fixture.WriteInput(SplitFixture.Record("a"), SplitFixture.Record("b"), "{\"custom_id\":\"2\",\"messages\":[]}", "{\"custom_id\":\"01\",\"messages\":[]}");

        var result = await _fixture.SplitAsync();

        var invalid = Assert.Single(_fixture.Invalid());
        Assert.Equal((3, "duplicate custom_id \"2\": line 2 already uses it"), ((int)invalid["line"]!, (string)invalid["reason"]!));
        Assert.Equal(["1", "2", "01"], _fixture.Requests(0, result.Chunks).Select(r => r.CustomId));
    }

    [Fact]
    public async Task SplitAsync_ExplicitIdEqualToLaterLineNumber_LaterLineIsDuplicate()
    {
        _fixture.WriteInput("{\"custom_id\":\"3\",\"messages\":[]}", SplitFixture.Record("b"), SplitFixture.Record("c"), SplitFixture.Record("d"));

        var result = await _fixture.SplitAsync();

        var invalid = Assert.Single(_fixture.Invalid());
        Assert.Equal((3, "duplicate custom_id \"3\": line 1 already uses it"), ((int)invalid["line"]!, (string)invalid["reason"]!));
        Assert.Equal(["3", "2", "4"], _fixture.Requests(0, result.Chunks).Select(r => r.CustomId));
    }

    [Fact]
    public async Task SplitAsync_ExplicitIdOfAnInvalidLine_DoesNotReserveIt()
    {
        _fixture.WriteInput("{\"custom_id\":\"a\"}", "{\"custom_id\":\"a\",\"messages\":[]}");

        var result = await _fixture.SplitAsync();

        Assert.Equal([2L], _fixture.Requests(0, result.Chunks).Select(r => r.Seq));
        Assert.Equal([1], _fixture.Invalid().Select(i => (int)i["line"]!));
    }

    [Fact]
    public async Task SplitAsync_InvalidFileLines_AreJsonWithTheWholeLine()
    {
        var chinese = "{\"messages\": \"你好\\t\", \"x\": 1}";
        _fixture.WriteInput(chinese);

        await _fixture.SplitAsync();

        var raw = Assert.Single(SplitFixture.Lines(_fixture.Layout.InvalidInput));
        Assert.Contains("你好", raw, StringComparison.Ordinal);
        Assert.Equal(chinese, (string)JsonNode.Parse(raw)!["text"]!);
    }
}
