using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Configuration;

public sealed partial class ConfigLoaderTests
{
    [Theory]
    [InlineData("lines_per_chunk: 0", "lines_per_chunk", "must be at least 1, got 0")]
    [InlineData("max_retry_count: 21", "max_retry_count", "must be between 0 and 20, got 21")]
    [InlineData("max_retry_count: -1", "max_retry_count", "must be between 0 and 20, got -1")]
    [InlineData("poll_interval_seconds: 0.05", "poll_interval_seconds", "must be at least 0.1, got 0.05")]
    [InlineData("test_lines: \"300\"", "test_lines", "expected a whole number, got the string \"300\" (write 300 without quotes)")]
    [InlineData("completion_window: 48h", "completion_window", "provider spark accepts only \"24h\", got \"48h\"")]
    [InlineData("completion_window: 24", "completion_window", "expected a number of hours such as \"24h\", got \"24\" (write 24h)")]
    [InlineData("completion_window: 1d", "completion_window", "expected a number of hours such as \"24h\", got \"1d\"")]
    public void Parse_TopLevelValueOfWrongTypeOrRange_NamesKeyLineAndColumn(string line, string key, string message)
    {
        var problem = Single(Parse(Minimal + "\n" + line));

        Assert.Equal($"config.yaml:5:{key.Length + 3}: {key}: {message}", problem.ToString());
    }

    [Fact]
    public void Parse_OptionalKeysWithoutValue_TakeTheirDefaults()
    {
        var result = Parse(Minimal + "\n  temperature:\n  base_url: ~\nlines_per_chunk:\npoll_interval_seconds: null\n");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal((null, ModelConfig.DefaultBaseUrl, 1000, 30.0),
            (result.Config!.Model.Temperature, result.Config.Model.BaseUrl, result.Config.LinesPerChunk, result.Config.PollIntervalSeconds));
    }

    [Fact]
    public void Parse_NegativeTestLines_MeansAllLinesAndIsAccepted()
    {
        var result = Parse(Minimal + "\ntest_lines: -1");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(-1, result.Config!.TestLines);
    }

    [Theory]
    [InlineData("dashscope", "336h", true)]
    [InlineData("dashscope", "337h", false)]
    [InlineData("dashscope", "12h", false)]
    [InlineData("openai", "24h", true)]
    [InlineData("azure", "48h", false)]
    public void Parse_CompletionWindow_CheckedAgainstProvider(string provider, string window, bool valid)
    {
        var result = Parse(Minimal + $"\n  provider: {provider}\ncompletion_window: {window}");

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal("completion_window", Assert.Single(result.Problems).Key);
        }
    }

    [Fact]
    public void Parse_UnknownProvider_ListsKnownProvidersAndSuggests()
    {
        var problem = Single(Parse(Minimal + "\n  provider: sprak"));

        Assert.Equal(
            "config.yaml:5:13: model.provider: unknown provider \"sprak\", expected one of spark, openai, dashscope, azure; did you mean spark?",
            problem.ToString());
    }

    [Theory]
    [InlineData("simulator", "simulator", true)]
    [InlineData("Simulator", "simulator", true)]
    [InlineData("http://127.0.0.1:5000/v1/", "http://127.0.0.1:5000/v1", false)]
    public void Parse_BaseUrl_AcceptsSimulatorAndHttpUrls(string value, string expected, bool simulator)
    {
        var result = Parse(Minimal + "\n  base_url: " + value);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(expected, result.Config!.Model.BaseUrl);
        Assert.Equal(simulator, result.Config.Model.UsesSimulator);
    }

    [Theory]
    [InlineData("ftp://example.com/v1")]
    [InlineData("example.com/v1")]
    [InlineData("simulater")]
    public void Parse_BaseUrlNotHttp_IsRefused(string value)
    {
        var problem = Single(Parse(Minimal + "\n  base_url: " + value));

        Assert.Equal("model.base_url", problem.Key);
        Assert.Contains("http:// or https://", problem.Message, StringComparison.Ordinal);
    }
}
