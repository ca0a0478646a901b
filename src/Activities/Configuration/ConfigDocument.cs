using System.Text.Json.Nodes;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// config.yaml as YamlDotNet's deserializer reads it: keys by their underscored names, each null when left out or
/// left empty, so that <see cref="ToConfig"/> can tell "not given" from any value and fill in the defaults.
/// </summary>
internal sealed class ConfigDocument
{
    public ModelSection? Model { get; init; }

    public int? TestLines { get; init; }

    public int? LinesPerChunk { get; init; }

    public int? MaxRetryCount { get; init; }

    public double? PollIntervalSeconds { get; init; }

    public string? CompletionWindow { get; init; }

    public BatchInferConfig ToConfig(string? passwordOverride)
    {
        var defaults = new BatchInferConfig();
        return new BatchInferConfig
        {
            Model = (Model ?? new ModelSection()).ToConfig(passwordOverride),
            TestLines = TestLines ?? defaults.TestLines,
            LinesPerChunk = LinesPerChunk ?? defaults.LinesPerChunk,
            MaxRetryCount = MaxRetryCount ?? defaults.MaxRetryCount,
            PollIntervalSeconds = PollIntervalSeconds ?? defaults.PollIntervalSeconds,
            CompletionWindow = CompletionWindow ?? defaults.CompletionWindow,
        };
    }
}

/// <summary>The <c>model:</c> section as written.</summary>
internal sealed class ModelSection
{
    public string? Domain { get; init; }

    public string? Password { get; init; }

    public int? MaxTokens { get; init; }

    public string? MessagesKey { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public bool? EnableThinking { get; init; }

    public JsonObject? ExtraBody { get; init; }

    public string? BaseUrl { get; init; }

    public string? Provider { get; init; }

    /// <param name="passwordOverride">When not blank, replaces <see cref="Password"/>, which is then not judged either.</param>
    public ModelConfig ToConfig(string? passwordOverride)
    {
        var defaults = new ModelConfig();
        return new ModelConfig
        {
            Domain = Domain ?? defaults.Domain,
            Password = string.IsNullOrWhiteSpace(passwordOverride) ? Password ?? defaults.Password : passwordOverride,
            MaxTokens = MaxTokens,
            MessagesKey = MessagesKey ?? defaults.MessagesKey,
            Temperature = Temperature,
            TopP = TopP,
            EnableThinking = EnableThinking,
            ExtraBody = ExtraBody ?? defaults.ExtraBody,
            BaseUrl = BaseUrl ?? defaults.BaseUrl,
            Provider = Provider ?? defaults.Provider,
        };
    }
}
