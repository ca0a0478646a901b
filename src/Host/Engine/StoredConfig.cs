using System.Text.Json;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Host.Engine;

/// <summary>Reads back tasks.ConfigJson (written by <see cref="Fingerprint.RedactedJson"/>) and puts the password back in.</summary>
internal static class StoredConfig
{
    /// <summary>The configuration, or null when the stored text is not one.</summary>
    public static BatchInferConfig? Read(string configJson, string password) =>
        Deserialize(configJson) is { } config ? config with { Model = config.Model with { Password = password } } : null;

    /// <summary>
    /// Why a stored task cannot go on with its configuration, or null when it can; the configuration itself is checked
    /// as a new one would be, since the state file may come from a version with other rules, or have been edited.
    /// </summary>
    public static string? Problem(BatchInferConfig? config) =>
        config is null
            ? "its stored configuration cannot be read"
            : BatchInferConfigValidator.Problems(config) is { Count: > 0 } problems
                ? $"its stored configuration is not valid ({string.Join("; ", problems)})"
                : null;

    /// <summary>max_retry_count as the task was started, for the read models.</summary>
    public static int MaxRetryCount(string configJson) => Deserialize(configJson)?.MaxRetryCount ?? 0;

    private static BatchInferConfig? Deserialize(string configJson)
    {
        try
        {
            return JsonSerializer.Deserialize(configJson, StoredConfigJson.Default.BatchInferConfig);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
