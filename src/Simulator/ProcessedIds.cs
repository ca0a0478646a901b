using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace BatchInfer.Simulator;

/// <summary>
/// The custom_ids one task and round has had processed, to count the ones processed twice, in little memory: keeping
/// the strings took ~80 bytes a record, hundreds of MB over a million-record run. batch_infer numbers records by line,
/// so a plain decimal id takes one bit; any other id is kept as a 64-bit hash (two ids sharing one: about 1 in 10^7
/// at ten million ids).
/// </summary>
internal sealed class ProcessedIds
{
    // Ids up to this take a bit each (16 MB at most); a larger number is hashed like any other id.
    private const int MaxNumericId = 1 << 27;
    private readonly HashSet<ulong> _hashes = [];
    private ulong[] _numbers = [];

    /// <summary>True the first time an id is seen, false when it was processed before.</summary>
    public bool Add(string customId)
    {
        if (!TryNumber(customId, out var number))
        {
            return _hashes.Add(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(customId.AsSpan())));
        }
        var word = number >> 6;
        if (word >= _numbers.Length)
        {
            Array.Resize(ref _numbers, Math.Min(Math.Max(word + 1, _numbers.Length * 2), MaxNumericId >> 6));
        }
        var bit = 1UL << (number & 63);
        var seen = (_numbers[word] & bit) != 0;
        _numbers[word] |= bit;
        return !seen;
    }

    /// <summary>Digits only, no leading zero ("07" and "7" are different ids), below <see cref="MaxNumericId"/>.</summary>
    private static bool TryNumber(string customId, out int number)
    {
        number = 0;
        if (customId.Length is 0 or > 10 || (customId[0] == '0' && customId.Length > 1))
        {
            return false;
        }
        long value = 0;
        foreach (var c in customId)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        if (value >= MaxNumericId)
        {
            return false;
        }
        number = (int)value;
        return true;
    }
}
