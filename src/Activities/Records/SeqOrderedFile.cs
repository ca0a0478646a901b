using System.Buffers.Text;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Records;

/// <summary>
/// Finds one record's line in a round's succeeded.tsv or final.tsv (<c>seq TAB …</c>, in seq order) by bisecting the
/// file's bytes: a few dozen small reads, whatever the file's size, where a scan would read every answer of the round.
/// </summary>
internal static class SeqOrderedFile
{
    private const int ProbeBytes = 1 << 16;

    /// <summary>The text after <c>seq TAB</c> of record <paramref name="seq"/>'s line; null when the file has none.</summary>
    public static byte[]? FindLine(string path, long seq)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var probe = new byte[ProbeBytes];
        var length = RandomAccess.GetLength(file);
        // Lines starting in [low, high) are those that may be the record's; low is always a line start.
        long low = 0, high = length;
        while (low < high)
        {
            var start = high - low <= ProbeBytes ? low : LineStartFrom(file, probe, low + (high - low) / 2, length);
            if (start >= high)
            {
                // No line starts in the upper half: the record's line, if any, starts in the lower one.
                high = low + (high - low) / 2;
                continue;
            }
            var found = SeqAt(file, probe, start, path);
            if (found == seq)
            {
                return ReadRest(file, probe, start, length);
            }
            if (found < seq)
            {
                low = LineStartFrom(file, probe, start + 1, length);
            }
            else if (start == low)
            {
                return null;
            }
            else
            {
                high = start;
            }
        }
        return null;
    }

    // The first line start at or after position (a line starts where the one before ends with its newline).
    private static long LineStartFrom(SafeFileHandle file, byte[] probe, long position, long length)
    {
        if (position == 0)
        {
            return 0;
        }
        for (var at = position - 1; at < length; at += ProbeBytes)
        {
            var read = RandomAccess.Read(file, probe, at);
            var newline = probe.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return at + newline + 1;
            }
        }
        return length;
    }

    private static long SeqAt(SafeFileHandle file, byte[] probe, long start, string path)
    {
        var read = RandomAccess.Read(file, probe.AsSpan(0, 32), start);
        return Utf8Parser.TryParse(probe.AsSpan(0, read), out long seq, out var consumed) && consumed < read && probe[consumed] == (byte)'\t'
            ? seq
            : throw new InvalidDataException($"{path}: the line at byte {start} does not start with 'seq<TAB>'.");
    }

    private static byte[] ReadRest(SafeFileHandle file, byte[] probe, long start, long length)
    {
        var end = LineStartFrom(file, probe, start + 1, length);
        var line = new byte[checked((int)(end - start))];
        RandomAccess.Read(file, line, start);
        var text = line.AsSpan().TrimEnd((byte)'\n');
        return text[(text.IndexOf((byte)'\t') + 1)..].ToArray();
    }
}
