using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Host.Engine;

/// <summary>Cheap identities that tell "the same command again" from "another input or config under the same task id".</summary>
internal static class Fingerprint
{
    private const int SampleBytes = 1 << 20;

    /// <summary>Size plus a hash of the first and last MiB: enough to notice another file, without reading a 10 GB input.</summary>
    public static string OfInput(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var hash = new XxHash3();
        var buffer = new byte[SampleBytes];
        hash.Append(buffer.AsSpan(0, stream.ReadAtLeast(buffer, SampleBytes, throwOnEndOfStream: false)));
        if (stream.Length > SampleBytes)
        {
            stream.Seek(-Math.Min(SampleBytes, stream.Length - SampleBytes), SeekOrigin.End);
            hash.Append(buffer.AsSpan(0, stream.ReadAtLeast(buffer, SampleBytes, throwOnEndOfStream: false)));
        }
        return $"{stream.Length}:{Convert.ToHexStringLower(hash.GetCurrentHash())}";
    }

    /// <summary>The configuration as stored: everything but the password.</summary>
    public static string RedactedJson(BatchInferConfig config) =>
        JsonSerializer.Serialize(config with { Model = config.Model with { Password = "" } }, StoredConfigJson.Default.BatchInferConfig);

    public static string OfConfig(string redactedJson) =>
        Convert.ToHexStringLower(XxHash3.Hash(Encoding.UTF8.GetBytes(redactedJson)));
}
