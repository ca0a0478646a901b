using System.Text.Json;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Host.Engine;

/// <summary>Reads back tasks.ConfigJson (written by <see cref="Fingerprint.RedactedJson"/>) and puts the password back in.</summary>
internal static class StoredConfig
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static BatchInferConfig? Read(string configJson, string password)
    {
        try
        {
            return JsonSerializer.Deserialize<BatchInferConfig>(configJson, Json) is { } config
                ? config with { Model = config.Model with { Password = password } }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>max_retry_count as the task was started, for the read models.</summary>
    public static int MaxRetryCount(string configJson)
    {
        try
        {
            using var document = JsonDocument.Parse(configJson);
            return document.RootElement.TryGetProperty("max_retry_count", out var value) && value.TryGetInt32(out var count) ? count : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
