using System.Security.Cryptography;
using System.Text;
using BatchInfer.Activities.Inference;

namespace BatchInfer.Activities.Scheduling;

/// <summary>
/// What the provider's limits apply to: one base URL used with one credential. Carries a short keyed hash
/// of the credential, never the credential itself, so it can be logged and served.
/// </summary>
public sealed record EndpointKey(string BaseUrl, string CredentialHash)
{
    // Keyed per process: a short unsalted hash of a weak password could be reversed by guessing. Keys are
    // only compared within one process (recovery maps in-flight batches by task, not by key).
    private static readonly byte[] HashKey = RandomNumberGenerator.GetBytes(32);

    public static EndpointKey For(BatchEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return For(endpoint.BaseUrl, endpoint.Password);
    }

    public static EndpointKey For(string baseUrl, string credential)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(credential);
        var hash = HMACSHA256.HashData(HashKey, Encoding.UTF8.GetBytes(credential));
        return new EndpointKey(baseUrl.TrimEnd('/'), Convert.ToHexStringLower(hash, 0, 6));
    }

    public override string ToString() => $"{BaseUrl}#{CredentialHash}";
}
