using System.Buffers;
using System.Buffers.Text;

namespace BatchInfer.Activities.Records;

/// <summary>
/// Finds a custom_id's line in a chunk's .ids file: the file streams through one buffer, a vectorised search for the
/// matcher's needle skips the lines that cannot be it, and only the lines it lands in are parsed. Memory is the buffer
/// (and the longest line), whatever the file's size.
/// </summary>
internal static class IdsFileSearch
{
    private const int BufferBytes = 1 << 20;

    /// <summary>The seq of the id's line, or null when the file has none (or does not exist).</summary>
    public static long? FindSeq(string path, CustomIdMatcher matcher, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            // The buffer starts with a newline, so that a needle beginning with one finds the file's first line too.
            buffer[0] = (byte)'\n';
            var filled = 1;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (filled == buffer.Length)
                {
                    // One line longer than the buffer: a larger one.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = file.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                // Whole lines only: the split ends every line with a newline, and a file appears only once complete.
                var complete = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (Search(buffer.AsSpan(0, complete), matcher, path) is { } seq)
                {
                    return seq;
                }
                if (read == 0)
                {
                    return null;
                }
                // Keep the newline that ended the last whole line: it starts the next search.
                var kept = filled - complete + 1;
                buffer.AsSpan(complete - 1, kept).CopyTo(buffer);
                filled = kept;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Lines in text each begin after a newline (the first one after text[0]) and end with one.
    private static long? Search(ReadOnlySpan<byte> text, CustomIdMatcher matcher, string path)
    {
        var needle = matcher.Needle;
        var from = 0;
        while (from < text.Length)
        {
            var hit = text[from..].IndexOf(needle);
            if (hit < 0)
            {
                return null;
            }
            hit += from;
            var start = text[..(hit + 1)].LastIndexOf((byte)'\n') + 1;
            var end = start + text[start..].IndexOf((byte)'\n');
            if (end > start && IsMatch(text[start..end], matcher, path, out var seq))
            {
                return seq;
            }
            from = end;
        }
        return null;
    }

    private static bool IsMatch(ReadOnlySpan<byte> line, CustomIdMatcher matcher, string path, out long seq)
    {
        // Not SeqLine.Parse: its message names a line number, and lines are not counted here.
        if (!Utf8Parser.TryParse(line, out seq, out var consumed) || consumed >= line.Length || line[consumed] != (byte)'\t')
        {
            throw new InvalidDataException($"{path}: a line is not 'seq<TAB>custom_id'.");
        }
        return matcher.IsMatch(line[(consumed + 1)..]);
    }
}
