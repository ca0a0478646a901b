using System.Text;
using BatchInfer.Activities.Records;
using BatchInfer.Tests.Activities.Input;

namespace BatchInfer.Tests.Activities.Records;

/// <summary>
/// The custom_id search over the .ids files a real split writes from input lines as users write them: escaped ids,
/// spaced JSON, ids that are prefixes of others, and ids that only appear inside a message.
/// </summary>
public sealed class CustomIdMatcherTests : IDisposable
{
    private const string Request = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[]}";

    private readonly SplitFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("""{"custom_id":"caf\u00e9-\u0041","messages":[{"role":"user","content":"q"}]}""", "café-A")]
    [InlineData("""{"custom_id":"say \"hi\" \\ back","messages":[{"role":"user","content":"q"}]}""", "say \"hi\" \\ back")]
    [InlineData("""{"custom_id":"a\u003cb\u003e\u0026'+c","messages":[{"role":"user","content":"q"}]}""", "a<b>&'+c")]
    [InlineData("""{"custom_id":"\ud83d\ude00 smile","messages":[{"role":"user","content":"q"}]}""", "😀 smile")]
    [InlineData("""{"custom_id":"日本語","messages":[{"role":"user","content":"q"}]}""", "日本語")]
    [InlineData("""{"custom_id":"\u65e5\u672c\u8a9e","messages":[{"role":"user","content":"q"}]}""", "日本語")]
    [InlineData("{ \"custom_id\" :  \"spaced\" , " + Request + " }", "spaced")]
    [InlineData("{\n\"custom_id\":\"tab\\tbefore\"," + Request + "}", "tab\tbefore")]
    public async Task Locate_IdWrittenAnyValidWay_FindsItsLine(string line, string customId)
    {
        _fixture.WriteInput(SplitFixture.Record("first"), line.Replace("\n", " ", StringComparison.Ordinal), SplitFixture.Record("last"));
        await _fixture.SplitAsync();

        var found = RecordLocator.Locate(_fixture.Layout, new CustomIdMatcher(customId), CancellationToken.None);

        Assert.Equal(2, found?.Line);
    }

    [Fact]
    public async Task Locate_IdThatPrefixesOthers_FindsOnlyItsOwnLine()
    {
        _fixture.WriteInput(
            Explicit("rec-10"), Explicit("rec-1x"), Explicit("xrec-1"), Explicit("rec-1"), Explicit("rec-100"), SplitFixture.Record("implicit id 6"));
        await _fixture.SplitAsync(SplitFixture.Config(linesPerChunk: 2));

        Assert.Equal(4, Locate("rec-1")?.Line);
        Assert.Equal(1, Locate("rec-10")?.Line);
        Assert.Equal(5, Locate("rec-100")?.Line);
        Assert.Equal(6, Locate("6")?.Line);
        Assert.Null(Locate("rec-"));
        Assert.Null(Locate("ec-1"));
    }

    [Fact]
    public async Task Locate_IdOnlyInsideAMessage_IsNotFound()
    {
        var message = SplitFixture.Messages("""see {"custom_id":"hidden"} and "custom_id": "hidden" """);
        _fixture.WriteInput($$"""{"custom_id":"visible","messages":{{message}}}""", SplitFixture.Record("custom_id hidden"));
        await _fixture.SplitAsync();

        Assert.Null(Locate("hidden"));
        Assert.Equal(1, Locate("visible")?.Line);
    }

    [Theory]
    [InlineData("rec-1", "\trec-1\n")]
    [InlineData("日本-ab", "-ab\n")]
    [InlineData("x\"long run", "long run\n")]
    [InlineData("a/bc\\d", "\ta/bc")]
    [InlineData("日本", "\t")]
    public void Needle_LongestRunThatStandsAsItself_AnchoredWhereTheIdStartsOrEnds(string customId, string needle) =>
        Assert.Equal(needle, Encoding.UTF8.GetString(new CustomIdMatcher(customId).Needle));

    [Theory]
    [InlineData("caf\\u00e9", "café", true)]
    [InlineData("rec-10", "rec-1", false)]
    [InlineData("rec-1", "rec-10", false)]
    [InlineData("a\\\"b", "a\"b", true)]
    public void IsMatch_ComparesTheUnescapedText(string idJson, string customId, bool matches) =>
        Assert.Equal(matches, new CustomIdMatcher(customId).IsMatch(Encoding.UTF8.GetBytes(idJson)));

    private static string Explicit(string customId) => $$"""{"custom_id":"{{customId}}","messages":{{SplitFixture.Messages("q " + customId)}}}""";

    private RecordLocation? Locate(string customId) => RecordLocator.Locate(_fixture.Layout, new CustomIdMatcher(customId), CancellationToken.None);
}
