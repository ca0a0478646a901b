using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BatchInfer.Host.Studio;

/// <summary>
/// One-time sign-in codes for the Studio. <c>batch_infer studio</c> asks for one with the daemon's token and prints a
/// URL that carries it; the first visit trades it for a session cookie and is redirected to a URL without it. A code is
/// good once, for <see cref="Lifetime"/>, and never written anywhere but the terminal that asked for it.
/// </summary>
internal sealed class StudioSignInCodes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public string Issue()
    {
        var now = time.GetUtcNow();
        foreach (var (code, expiry) in _expiries)
        {
            if (expiry <= now)
            {
                _expiries.TryRemove(code, out _);
            }
        }
        var fresh = Base64Url(RandomNumberGenerator.GetBytes(32));
        _expiries[fresh] = now + Lifetime;
        return fresh;
    }

    /// <summary>True once for a code issued here that has not expired; the code is spent either way.</summary>
    public bool TryRedeem(string? code) =>
        code is not null && _expiries.TryRemove(code, out var expiry) && expiry > time.GetUtcNow();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
