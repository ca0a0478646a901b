using System.Text.Json.Serialization;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Host.Engine;

/// <summary>
/// The one JSON form of tasks.ConfigJson, written by <see cref="Fingerprint.RedactedJson"/> and read by
/// <see cref="StoredConfig"/>. Its bytes are the task's config fingerprint: any change here makes every unfinished
/// task look started "with another configuration".
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BatchInferConfig))]
internal sealed partial class StoredConfigJson : JsonSerializerContext;
