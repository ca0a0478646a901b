using System.Security.Cryptography;

namespace BatchInfer.Simulator;

/// <summary>The one source of randomness (seeded for repeatable runs), shared by concurrent requests.</summary>
internal sealed class SimulatorRandom(int? seed)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly Lock _lock = new();

    // CA5394: this is a simulator's dice, not security; a seed must make runs repeatable.
#pragma warning disable CA5394
    private readonly Random _random = new(seed ?? RandomNumberGenerator.GetInt32(int.MaxValue));

    public double NextDouble()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }

    public int Next(int maxExclusive)
    {
        lock (_lock)
        {
            return _random.Next(maxExclusive);
        }
    }

    /// <summary>A private generator for one batch, so its record outcomes do not depend on other batches' timing.</summary>
    public Random Fork()
    {
        lock (_lock)
        {
            return new Random(_random.Next());
        }
    }

    public string Id(string prefix)
    {
        Span<char> chars = stackalloc char[24];
        lock (_lock)
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[_random.Next(Alphabet.Length)];
            }
        }
        return prefix + new string(chars);
    }
#pragma warning restore CA5394
}
