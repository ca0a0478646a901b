using System.Text.Json.Nodes;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Configuration;

/// <summary>Each rule of the one validator the loader, the HTTP API and the resume path share.</summary>
public sealed class BatchInferConfigValidatorTests
{
    private const string Secret = "sk-validator-secret-7";

    private static readonly BatchInferConfig Valid = new()
    {
        Model = new ModelConfig { Domain = "m", Password = Secret, MaxTokens = 16 },
    };

    private static ConfigProblem Single(BatchInferConfig config) => Assert.Single(BatchInferConfigValidator.Problems(config));

    private static BatchInferConfig WithModel(Func<ModelConfig, ModelConfig> change) => Valid with { Model = change(Valid.Model) };

    [Fact]
    public void Problems_ValidConfigWithDefaults_None()
    {
        Assert.Empty(BatchInferConfigValidator.Problems(Valid));
    }

    [Fact]
    public void Problems_EmptyModel_EveryRequiredKeyMissing()
    {
        var problems = BatchInferConfigValidator.Problems(new BatchInferConfig());

        Assert.Equal(["model.domain", "model.password", "model.max_tokens"], problems.Select(p => p.Key));
        Assert.All(problems, p => Assert.Equal((ConfigProblemKind.Missing, BatchInferConfigValidator.RequiredMessage), (p.Kind, p.Message)));
    }

    [Fact]
    public void Problems_NullModelOrNoConfigFromJson_EveryRequiredKeyMissing()
    {
        Assert.Equal(["model.domain", "model.password", "model.max_tokens"], BatchInferConfigValidator.Problems(new BatchInferConfig { Model = null! }).Select(p => p.Key));
        Assert.Equal(["model.domain", "model.password", "model.max_tokens"], BatchInferConfigValidator.Problems(null).Select(p => p.Key));
    }

    [Theory]
    [InlineData("domain")]
    [InlineData("password")]
    public void Problems_BlankRequiredText_IsMissing(string key)
    {
        var config = WithModel(m => key == "domain" ? m with { Domain = "  " } : m with { Password = "" });

        var problem = Single(config);

        Assert.Equal(("model." + key, ConfigProblemKind.Missing), (problem.Key, problem.Kind));
    }

    [Theory]
    [InlineData(0, "must be at least 1, got 0")]
    [InlineData(-5, "must be at least 1, got -5")]
    public void Problems_MaxTokensBelowOne_NamesBound(int maxTokens, string message)
    {
        var problem = Single(WithModel(m => m with { MaxTokens = maxTokens }));

        Assert.Equal(("model.max_tokens", message), (problem.Key, problem.Message));
    }

    [Theory]
    [InlineData(-0.1, 1.0, "model.temperature", "must be between 0 and 2, got -0.1")]
    [InlineData(2.5, 1.0, "model.temperature", "must be between 0 and 2, got 2.5")]
    [InlineData(double.NaN, 1.0, "model.temperature", "must be between 0 and 2, got NaN")]
    [InlineData(1.0, 1.5, "model.top_p", "must be between 0 and 1, got 1.5")]
    public void Problems_SamplingOutOfRange_NamesBounds(double temperature, double topP, string key, string message)
    {
        var problem = Single(WithModel(m => m with { Temperature = temperature, TopP = topP }));

        Assert.Equal((key, message), (problem.Key, problem.Message));
    }

    [Fact]
    public void Problems_EmptyMessagesKey_MustNotBeEmpty()
    {
        var problem = Single(WithModel(m => m with { MessagesKey = "" }));

        Assert.Equal(("model.messages_key", "must not be empty"), (problem.Key, problem.Message));
    }

    [Theory]
    [InlineData("model")]
    [InlineData("messages")]
    public void Problems_ExtraBodySetsToolOwnedKey_IsAboutTheKey(string key)
    {
        var problem = Single(WithModel(m => m with { ExtraBody = new JsonObject { [key] = "x", ["seed"] = 1 } }));

        Assert.Equal(($"model.extra_body.{key}", ConfigProblemKind.Key), (problem.Key, problem.Kind));
        Assert.Contains("set by the tool", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/v1", "expected an absolute http:// or https:// URL, or the word simulator, got \"ftp://example.com/v1\"")]
    [InlineData("example.com/v1", "expected an absolute http:// or https:// URL, or the word simulator, got \"example.com/v1\"")]
    [InlineData(" ", "must not be empty")]
    public void Problems_BaseUrlNotHttp_IsRefused(string baseUrl, string message)
    {
        var problem = Single(WithModel(m => m with { BaseUrl = baseUrl }));

        Assert.Equal(("model.base_url", message), (problem.Key, problem.Message));
    }

    [Fact]
    public void Problems_BaseUrlWithCredential_RefusedWithoutQuotingIt()
    {
        var problem = Single(WithModel(m => m with { BaseUrl = "https://user:hunter22@example.com/v1" }));

        Assert.Equal("model.base_url", problem.Key);
        Assert.DoesNotContain("hunter22", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_UnknownProvider_ListsKnownAndSuggests()
    {
        var problem = Single(WithModel(m => m with { Provider = "opneai" }));

        Assert.Equal(
            ("model.provider", "unknown provider \"opneai\", expected one of spark, openai, dashscope, azure; did you mean openai?"),
            (problem.Key, problem.Message));
    }

    [Fact]
    public void Problems_PasswordQuotedInAnotherValue_IsRedacted()
    {
        var problems = BatchInferConfigValidator.Problems(WithModel(m => m with { Provider = Secret, BaseUrl = Secret }));

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.DoesNotContain(Secret, p.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 3, 30.0, "lines_per_chunk", "must be at least 1, got 0")]
    [InlineData(1000, -1, 30.0, "max_retry_count", "must be between 0 and 20, got -1")]
    [InlineData(1000, 21, 30.0, "max_retry_count", "must be between 0 and 20, got 21")]
    [InlineData(1000, 3, 0.0, "poll_interval_seconds", "must be at least 0.1, got 0")]
    [InlineData(1000, 3, 0.05, "poll_interval_seconds", "must be at least 0.1, got 0.05")]
    public void Problems_TopLevelOutOfRange_NamesBounds(int linesPerChunk, int maxRetryCount, double pollInterval, string key, string message)
    {
        var problem = Single(Valid with { LinesPerChunk = linesPerChunk, MaxRetryCount = maxRetryCount, PollIntervalSeconds = pollInterval });

        Assert.Equal((key, message), (problem.Key, problem.Message));
    }

    [Theory]
    [InlineData("spark", "24h", null)]
    [InlineData("spark", "48h", "provider spark accepts only \"24h\", got \"48h\"")]
    [InlineData("dashscope", "336h", null)]
    [InlineData("dashscope", "337h", "provider dashscope accepts from \"24h\" to \"336h\", got \"337h\"")]
    [InlineData("openai", "24", "expected a number of hours such as \"24h\", got \"24\" (write 24h)")]
    [InlineData("openai", "1d", "expected a number of hours such as \"24h\", got \"1d\"")]
    public void Problems_CompletionWindow_CheckedAgainstProvider(string provider, string window, string? message)
    {
        var problems = BatchInferConfigValidator.Problems(WithModel(m => m with { Provider = provider }) with { CompletionWindow = window });

        Assert.Equal(message is null ? [] : [message], problems.Where(p => p.Key == "completion_window").Select(p => p.Message));
    }

    [Fact]
    public void Problems_SeveralMistakes_ReportsEveryOne()
    {
        var config = new BatchInferConfig
        {
            Model = new ModelConfig { Domain = "m", MaxTokens = 0, Provider = "bedrock" },
            PollIntervalSeconds = 0,
            MaxRetryCount = 99,
        };

        var problems = BatchInferConfigValidator.Problems(config);

        Assert.Equal(["model.password", "model.max_tokens", "model.provider", "max_retry_count", "poll_interval_seconds"], problems.Select(p => p.Key));
    }

    [Fact]
    public void Validate_AsOptionsValidator_FailsWithEveryProblemOrSucceeds()
    {
        var validator = new BatchInferConfigValidator();

        var failed = validator.Validate(null, Valid with { PollIntervalSeconds = 0, LinesPerChunk = 0 });

        Assert.True(failed.Failed);
        Assert.Equal(["lines_per_chunk: must be at least 1, got 0", "poll_interval_seconds: must be at least 0.1, got 0"], failed.Failures);
        Assert.True(validator.Validate(null, Valid).Succeeded);
    }
}
