namespace BatchInfer.Activities.Configuration;

/// <summary>The key names config.yaml understands (compatible with the original tool's).</summary>
public static class ConfigKeys
{
    public const string Model = "model";
    public const string TestLines = "test_lines";
    public const string LinesPerChunk = "lines_per_chunk";
    public const string MaxRetryCount = "max_retry_count";
    public const string PollIntervalSeconds = "poll_interval_seconds";
    public const string CompletionWindow = "completion_window";

    public const string Domain = "domain";
    public const string Password = "password";
    public const string MaxTokens = "max_tokens";
    public const string MessagesKey = "messages_key";
    public const string Temperature = "temperature";
    public const string TopP = "top_p";
    public const string EnableThinking = "enable_thinking";
    public const string ExtraBody = "extra_body";
    public const string BaseUrl = "base_url";
    public const string Provider = "provider";

    public const string ModelPrefix = Model + ".";

    public static IReadOnlyList<string> TopLevel { get; } =
        [Model, TestLines, LinesPerChunk, MaxRetryCount, PollIntervalSeconds, CompletionWindow];

    public static IReadOnlyList<string> ModelLevel { get; } =
        [Domain, Password, MaxTokens, MessagesKey, Temperature, TopP, EnableThinking, ExtraBody, BaseUrl, Provider];
}
