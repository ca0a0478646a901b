using System.Text.Json.Nodes;

namespace BatchInfer.Activities.Configuration;

/// <summary>The whole configuration of one task, as loaded from config.yaml (see config.yaml.example).</summary>
public sealed record BatchInferConfig
{
    public required ModelConfig Model { get; init; }

    /// <summary>N &gt; 0: only the first N physical lines of the input are processed; 0 or negative: all.</summary>
    public int TestLines { get; init; }

    /// <summary>Requests per chunk; the provider profile's own limit caps it further.</summary>
    public int LinesPerChunk { get; init; } = 1000;

    public int MaxRetryCount { get; init; } = 3;

    public double PollIntervalSeconds { get; init; } = 30;

    public string CompletionWindow { get; init; } = "24h";
}

public sealed record ModelConfig
{
    public const string DefaultBaseUrl = "https://spark-api-open.xf-yun.com/v1";

    /// <summary>The value of base_url that selects the built-in, in-process simulator.</summary>
    public const string SimulatorBaseUrl = "simulator";

    public required string Domain { get; init; }

    /// <summary>The API credential. Never logged, printed, stored or served.</summary>
    public required string Password { get; init; }

    public required int MaxTokens { get; init; }

    public string MessagesKey { get; init; } = "messages";

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public bool? EnableThinking { get; init; }

    /// <summary>Keys merged flat into every request body.</summary>
    public JsonObject ExtraBody { get; init; } = [];

    public string BaseUrl { get; init; } = DefaultBaseUrl;

    public string Provider { get; init; } = ProviderProfile.Spark.Name;

    public bool UsesSimulator => string.Equals(BaseUrl, SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase);

    /// <summary>Redacts the password so that a record printed by accident shows no secret.</summary>
    public override string ToString() =>
        $"ModelConfig {{ Domain = {Domain}, Provider = {Provider}, BaseUrl = {BaseUrl}, MaxTokens = {MaxTokens}, Password = *** }}";
}
