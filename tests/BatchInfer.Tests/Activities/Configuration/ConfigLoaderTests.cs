using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Configuration;

public sealed partial class ConfigLoaderTests
{
    private const string Minimal = """
        model:
          domain: test
          password: pw-123456
          max_tokens: 512
        """;

    private static ConfigLoadResult Parse(string yaml, string? passwordOverride = null) =>
        ConfigLoader.Parse(yaml, "config.yaml", passwordOverride);

    private static ConfigProblem Single(ConfigLoadResult result)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Parse_FullValidFile_ReadsEveryKey()
    {
        var result = Parse("""
            model:
              domain: "x1"
              password: "pw-123456"
              max_tokens: 16384
              messages_key: conversation
              temperature: 0.6
              top_p: 0.9
              enable_thinking: true
              extra_body: { "stop": ["END"] }
              base_url: https://dashscope.aliyuncs.com/compatible-mode/v1/
              provider: DashScope
            test_lines: 300
            lines_per_chunk: 200
            max_retry_count: 5
            poll_interval_seconds: 2.5
            completion_window: 72h
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var config = result.Config!;
        Assert.Equal("""{"stop":["END"]}""", config.Model.ExtraBody.ToJsonString());
        var expected = new BatchInferConfig
        {
            Model = new ModelConfig
            {
                Domain = "x1",
                Password = "pw-123456",
                MaxTokens = 16384,
                MessagesKey = "conversation",
                Temperature = 0.6,
                TopP = 0.9,
                EnableThinking = true,
                ExtraBody = config.Model.ExtraBody, // compared as JSON above; JsonObject has reference equality
                BaseUrl = "https://dashscope.aliyuncs.com/compatible-mode/v1",
                Provider = "dashscope",
            },
            TestLines = 300,
            LinesPerChunk = 200,
            MaxRetryCount = 5,
            PollIntervalSeconds = 2.5,
            CompletionWindow = "72h",
        };
        Assert.Equal(expected, config);
        Assert.Equal("pw-123456", config.Model.Password);
    }

    [Fact]
    public void Parse_OnlyRequiredKeys_UsesDefaults()
    {
        var result = Parse(Minimal);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var config = result.Config!;
        Assert.Equal("messages", config.Model.MessagesKey);
        Assert.Null(config.Model.Temperature);
        Assert.Null(config.Model.TopP);
        Assert.Null(config.Model.EnableThinking);
        Assert.Empty(config.Model.ExtraBody);
        Assert.Equal(ModelConfig.DefaultBaseUrl, config.Model.BaseUrl);
        Assert.Equal("spark", config.Model.Provider);
        Assert.False(config.Model.UsesSimulator);
        Assert.Equal(0, config.TestLines);
        Assert.Equal(1000, config.LinesPerChunk);
        Assert.Equal(3, config.MaxRetryCount);
        Assert.Equal(30, config.PollIntervalSeconds);
        Assert.Equal("24h", config.CompletionWindow);
    }

    [Theory]
    [InlineData("domain")]
    [InlineData("password")]
    [InlineData("max_tokens")]
    public void Parse_RequiredKeyMissing_NamesKeyAtModelLine(string key)
    {
        var yaml = string.Join("\n", Minimal.Split('\n').Where(line => !line.TrimStart().StartsWith(key + ":", StringComparison.Ordinal)));

        var problem = Single(Parse(yaml));

        Assert.Equal("model." + key, problem.Key);
        Assert.Equal(1, problem.Line);
        Assert.Contains("required", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RequiredKeyWithoutValue_SaysItHasNoValue()
    {
        var problem = Single(Parse(Minimal.Replace("domain: test", "domain:", StringComparison.Ordinal)));

        Assert.Equal("config.yaml:2:3: model.domain: is required but has no value", problem.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("---\n")]
    public void Parse_EmptyFile_NamesEveryRequiredKey(string yaml)
    {
        var result = Parse(yaml);

        Assert.False(result.IsValid);
        Assert.Equal(["model.domain", "model.password", "model.max_tokens"], result.Problems.Select(p => p.Key));
    }

    [Theory]
    [InlineData("\"0.6\"", "expected a number, got the string \"0.6\" (write 0.6 without quotes)")]
    [InlineData("'1'", "expected a number, got the string \"1\" (write 1 without quotes)")]
    [InlineData("\"abc\"", "expected a number, got the string \"abc\"")]
    [InlineData("abc", "expected a number, got the string \"abc\"")]
    [InlineData("true", "expected a number, got the boolean true")]
    [InlineData("[0.6]", "expected a number, got a list")]
    public void Parse_TemperatureNotANumber_ReportsKeyLineAndColumn(string value, string message)
    {
        var problem = Single(Parse(Minimal + "\n  temperature: " + value));

        Assert.Equal($"config.yaml:5:16: model.temperature: {message}", problem.ToString());
    }

    [Theory]
    [InlineData("max_tokens: \"512\"", "model.max_tokens", "expected a whole number, got the string \"512\" (write 512 without quotes)")]
    [InlineData("max_tokens: 1.5", "model.max_tokens", "expected a whole number, got the number 1.5")]
    [InlineData("max_tokens: 0", "model.max_tokens", "must be at least 1, got 0")]
    [InlineData("max_tokens: 99999999999", "model.max_tokens", "must be at most 2147483647, got 99999999999")]
    [InlineData("max_tokens: 99999999999999999999", "model.max_tokens", "99999999999999999999 is too large")]
    [InlineData("top_p: 1.5", "model.top_p", "must be between 0 and 1, got 1.5")]
    [InlineData("temperature: -0.1", "model.temperature", "must be between 0 and 2, got -0.1")]
    [InlineData("temperature: .nan", "model.temperature", "must be between 0 and 2, got NaN")]
    [InlineData("enable_thinking: \"false\"", "model.enable_thinking", "expected true or false, got the string \"false\" (write false without quotes)")]
    [InlineData("enable_thinking: yes", "model.enable_thinking", "expected true or false, got the string \"yes\" (YAML 1.2 reads yes/no/on/off as text; write true or false)")]
    [InlineData("messages_key: \"\"", "model.messages_key", "must not be empty")]
    [InlineData("domain: [a, b]", "model.domain", "expected text, got a list")]
    public void Parse_ModelValueOfWrongTypeOrRange_NamesKeyAndExpectation(string line, string key, string message)
    {
        var name = line[..line.IndexOf(':', StringComparison.Ordinal)];
        var yaml = string.Join("\n", Minimal.Split('\n').Where(l => !l.TrimStart().StartsWith(name + ":", StringComparison.Ordinal)));

        var problem = Single(Parse(yaml + "\n  " + line));

        Assert.Equal(key, problem.Key);
        Assert.Equal(message, problem.Message);
        Assert.NotNull(problem.Line);
        Assert.Equal(name.Length + 5, problem.Column);
    }
}
