using System.Buffers.Text;

namespace BatchInfer.Activities.Lines;

/// <summary>The bookkeeping line shape <c>seq TAB rest</c> (chunk .ids, succeeded.tsv, final.tsv).</summary>
internal static class SeqLine
{
    /// <summary>Returns the seq; <paramref name="restStart"/> is where the text after the tab begins.</summary>
    public static long Parse(ReadOnlySpan<byte> line, out int restStart, string path, long lineNumber)
    {
        if (Utf8Parser.TryParse(line, out long seq, out var consumed) && seq > 0 && consumed < line.Length && line[consumed] == (byte)'\t')
        {
            restStart = consumed + 1;
            return seq;
        }
        throw new InvalidDataException($"{path} line {lineNumber}: expected 'seq<TAB>…' with a positive seq.");
    }

    /// <summary>Writes <c>seq TAB</c>.</summary>
    public static void WritePrefix(AtomicLineWriter writer, long seq)
    {
        writer.Write(seq);
        writer.Write((byte)'\t');
    }
}
