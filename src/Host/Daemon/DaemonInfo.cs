using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchInfer.Host.Daemon;

/// <summary>What the live daemon writes into .daemon.lock: where it listens and the token clients must send.</summary>
internal sealed record DaemonInfo(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt)
{
    [JsonIgnore]
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string ToJson() => JsonSerializer.Serialize(this, DaemonInfoJson.Default.DaemonInfo);

    /// <summary>Null for an empty or half-written file (the daemon writes it once Kestrel listens).</summary>
    public static DaemonInfo? Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(json, DaemonInfoJson.Default.DaemonInfo) is { Port: > 0 } info ? info : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Generated at build time: every command reads the file first, and would otherwise build its metadata by reflection.</summary>
[JsonSerializable(typeof(DaemonInfo))]
internal sealed partial class DaemonInfoJson : JsonSerializerContext;
