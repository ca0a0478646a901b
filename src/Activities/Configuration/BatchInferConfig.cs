using System.Text.Json.Nodes;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// The whole configuration of one task (see config.yaml.example), however it came: config.yaml, the HTTP API or the
/// state file. Nothing here is checked; <see cref="BatchInferConfigValidator"/> says whether a configuration may run.
/// </summary>
public sealed record BatchInferConfig
{
    public ModelConfig Model { get; init; } = new();

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

    /// <summary>Required: the model or service id, sent as "model" in every request.</summary>
    public string Domain { get; init; } = string.Empty;

    /// <summary>Required: the API credential. Never logged, printed, stored or served.</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>Required (null until given).</summary>
    public int? MaxTokens { get; init; }

    public string MessagesKey { get; init; } = "messages";

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public bool? EnableThinking { get; init; }

    /// <summary>Keys merged flat into every request body; a JSON null is taken as none.</summary>
    public JsonObject ExtraBody { get; init => field = value ?? []; } = [];

    /// <summary>
    /// Normalised as it is set, whichever way it comes: request paths are appended as "{base_url}/files", so a
    /// trailing slash would double up, and "Simulator" means the simulator too.
    /// </summary>
    public string BaseUrl
    {
        get;
        init
        {
            var text = value?.Trim().TrimEnd('/');
            field = string.Equals(text, SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase) ? SimulatorBaseUrl : text!;
        }
    } = DefaultBaseUrl;

    /// <summary>A known provider is kept by its own spelling ("DashScope" is dashscope); an unknown one as written, for the validator to name.</summary>
    public string Provider { get; init => field = value is null ? value! : ProviderProfile.Find(value.Trim())?.Name ?? value; } = ProviderProfile.Spark.Name;

    // BaseUrl is normalised as it is set, so the simulator is always spelt SimulatorBaseUrl here.
    public bool UsesSimulator => BaseUrl == SimulatorBaseUrl;

    /// <summary>Redacts the password so that a record printed by accident shows no secret.</summary>
    public override string ToString() =>
        $"ModelConfig {{ Domain = {Domain}, Provider = {Provider}, BaseUrl = {BaseUrl}, MaxTokens = {MaxTokens}, Password = *** }}";
}
