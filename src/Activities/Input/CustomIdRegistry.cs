using System.Buffers.Text;
using System.IO.Hashing;

namespace BatchInfer.Activities.Input;

/// <summary>
/// Detects duplicate custom_ids without keeping ids as strings. Line-number ids are unique among
/// themselves, so only explicit ids are hashed (64-bit XxHash3, to the first line that used them);
/// a bitmap records which lines took their line number as id, so that an explicit "17" meets an
/// implicit line 17 whichever comes first. A 64-bit hash collision between two different explicit
/// ids would report a false duplicate; at 100 million explicit ids its chance is about 3 in 10,000.
/// </summary>
internal sealed class CustomIdRegistry
{
    private readonly Dictionary<ulong, long> _explicitIds = [];
    private ulong[] _implicitLines = new ulong[1024];
    private long _decimalExplicitIds;

    /// <summary>Registers an explicit id (unescaped UTF-8); returns the earlier line that used it, or 0.</summary>
    public long RegisterExplicit(ReadOnlySpan<byte> id, long seq)
    {
        var hash = XxHash3.HashToUInt64(id);
        if (_explicitIds.TryGetValue(hash, out var first))
        {
            return first;
        }
        var isDecimal = TryParseLineNumber(id, out var line);
        if (isDecimal && line < seq && IsImplicit(line))
        {
            return line;
        }
        _explicitIds.Add(hash, seq);
        if (isDecimal)
        {
            _decimalExplicitIds++;
        }
        return 0;
    }

    /// <summary>Registers line <paramref name="seq"/>'s own number as its id; returns the earlier line that used it, or 0.</summary>
    public long RegisterImplicit(long seq)
    {
        if (_decimalExplicitIds > 0)
        {
            Span<byte> text = stackalloc byte[20];
            Utf8Formatter.TryFormat(seq, text, out var written);
            if (_explicitIds.TryGetValue(XxHash3.HashToUInt64(text[..written]), out var first))
            {
                return first;
            }
        }
        var word = seq >> 6;
        if (word >= _implicitLines.Length)
        {
            Array.Resize(ref _implicitLines, (int)Math.Max(word + 1, _implicitLines.Length * 2L));
        }
        _implicitLines[word] |= 1UL << (int)(seq & 63);
        return 0;
    }

    private bool IsImplicit(long line) =>
        (line >> 6) < _implicitLines.Length && (_implicitLines[line >> 6] & (1UL << (int)(line & 63))) != 0;

    // Only the canonical spelling ("17", not "017" or "+17") equals a line-number id.
    private static bool TryParseLineNumber(ReadOnlySpan<byte> id, out long line)
    {
        line = 0;
        return id.Length is > 0 and <= 18
            && id[0] is >= (byte)'1' and <= (byte)'9'
            && Utf8Parser.TryParse(id, out line, out var consumed)
            && consumed == id.Length;
    }
}
