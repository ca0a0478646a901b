using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Configuration;

public sealed partial class ConfigLoaderTests
{
    [Fact]
    public void Parse_ExtraBodyFlowMapping_ConvertsWithJsonTypes()
    {
        var result = Parse(Minimal + """

              extra_body: {
                "stop":[],
                "continue_final_message":false,
                n: 3, big: 0x10, ratio: 1.5e-1, nothing: ~, quoted: "0.6", text: hi,
                nested: { list: [1, "2", true, null] }
              }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var body = result.Config!.Model.ExtraBody;
        Assert.Equal(
            """{"stop":[],"continue_final_message":false,"n":3,"big":16,"ratio":0.15,"nothing":null,"quoted":"0.6","text":"hi","nested":{"list":[1,"2",true,null]}}""",
            body.ToJsonString());
        Assert.Equal(JsonValueKind.False, body["continue_final_message"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, body["n"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, body["quoted"]!.GetValueKind());
    }

    [Fact]
    public void Parse_ExtraBodyBlockMapping_ConvertsLikeFlowMapping()
    {
        var result = Parse(Minimal + "\n  extra_body:\n    stop:\n      - \"\\n\\n\"\n    seed: 7\n");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("""{"stop":["\n\n"],"seed":7}""", result.Config!.Model.ExtraBody.ToJsonString());
    }

    [Theory]
    [InlineData("model")]
    [InlineData("messages")]
    public void Parse_ExtraBodySetsToolOwnedKey_IsRefused(string key)
    {
        var problem = Single(Parse(Minimal + $"\n  extra_body: {{ {key}: x, seed: 1 }}"));

        Assert.Equal($"model.extra_body.{key}", problem.Key);
        Assert.Equal((5, 17), (problem.Line, problem.Column));
        Assert.Contains("set by the tool", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a mapping of extra request fields")]
    [InlineData("{ t: .inf }", "JSON has no number .inf")]
    [InlineData("{ n: 123456789012345678901234 }", "is too large")]
    [InlineData("&a { self: *a }", "nested too deeply")]
    public void Parse_ExtraBodyNotConvertible_IsReported(string value, string message)
    {
        var problem = Single(Parse(Minimal + "\n  extra_body: " + value));

        Assert.StartsWith("model.extra_body", problem.Key, StringComparison.Ordinal);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(5, problem.Line);
    }

    [Fact]
    public void Parse_ExtraBodyNumbersAndBlockText_KeepEveryDigitAndStayText()
    {
        var result = Parse(Minimal + "\n  extra_body:\n    penalty: 0.123456789012\n    seed: 9007199254740993\n    note: |\n      5\n");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("""{"penalty":0.123456789012,"seed":9007199254740993,"note":"5\n"}""", result.Config!.Model.ExtraBody.ToJsonString());
    }

    [Fact]
    public void Parse_ExtraBodyAliasesReused_AreCopiedNotShared()
    {
        var result = Parse(Minimal + "\n  extra_body: { a: &x [1, 2], b: *x }");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("""{"a":[1,2],"b":[1,2]}""", result.Config!.Model.ExtraBody.ToJsonString());
        Assert.NotSame(result.Config.Model.ExtraBody["a"], result.Config.Model.ExtraBody["b"]);
        Assert.IsType<JsonArray>(result.Config.Model.ExtraBody["b"]);
    }
}
