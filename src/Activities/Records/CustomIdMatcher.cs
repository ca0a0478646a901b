using System.Text;
using BatchInfer.Activities.Input;

namespace BatchInfer.Activities.Records;

/// <summary>
/// Recognises the .ids line (<c>seq TAB custom_id</c>) of one custom_id. The split writes an id's JSON content as the
/// input had it when unescaped, else escaped anew by <see cref="CustomId"/>: either way printable ASCII other than a quote
/// and a backslash stands as itself. The longest run of such bytes is the <see cref="Needle"/> a fast byte search looks for;
/// each line it lands in is confirmed by unescaping that line's id and comparing the text.
/// </summary>
public sealed class CustomIdMatcher
{
    private readonly byte[] _text;
    private byte[] _unescaped = [];

    public CustomIdMatcher(string customId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        _text = Encoding.UTF8.GetBytes(customId);
        Needle = NeedleOf(_text);
    }

    /// <summary>
    /// Bytes every line of this id contains: the run, with the tab before it when it starts the id and the newline after
    /// it when it ends it, so that a whole plain id is found as its whole line. Just the tab for an id without such a run.
    /// </summary>
    public byte[] Needle { get; }

    /// <summary>Whether a custom_id's JSON string content (what follows the tab of a .ids line) is this id.</summary>
    public bool IsMatch(ReadOnlySpan<byte> idJson) => CustomId.TextOf(idJson, ref _unescaped).SequenceEqual(_text);

    private static byte[] NeedleOf(byte[] text)
    {
        var (bestStart, bestLength) = (0, 0);
        for (var start = 0; start < text.Length;)
        {
            var end = start;
            while (end < text.Length && IsPlain(text[end]))
            {
                end++;
            }
            if (end - start > bestLength)
            {
                (bestStart, bestLength) = (start, end - start);
            }
            start = end + 1;
        }
        var needle = new List<byte>(bestLength + 2);
        if (bestStart == 0 || bestLength == 0)
        {
            needle.Add((byte)'\t');
        }
        needle.AddRange(text.AsSpan(bestStart, bestLength));
        if (bestLength > 0 && bestStart + bestLength == text.Length)
        {
            needle.Add((byte)'\n');
        }
        return [.. needle];
    }

    private static bool IsPlain(byte b) => b is >= 0x20 and < 0x7F and not ((byte)'"' or (byte)'\\');
}
