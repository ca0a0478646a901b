using System.IO.Hashing;
using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Results;

/// <summary>
/// A chunk's .ids file in memory: each record's seq and custom_id (its JSON string content, as the file
/// has it), and a table from the id's text to the record. The ids live in one byte array rather than one
/// string each, and the arrays serve chunk after chunk: loading one allocates nothing per record.
/// </summary>
internal sealed class ChunkIds
{
    private Entry[] _entries = new Entry[1024];
    private byte[] _bytes = new byte[1 << 16];
    private int _used;
    private int[] _table = [];

    public int Count { get; private set; }

    public long Seq(int record) => _entries[record].Seq;

    /// <summary>The record's custom_id as JSON string content.</summary>
    public ReadOnlySpan<byte> Json(int record) => _bytes.AsSpan(_entries[record].Json, _entries[record].JsonLength);

    /// <summary>Reads a chunk's .ids file in place of the one read before; the arrays are kept for the next chunk.</summary>
    public void Load(string path)
    {
        Count = 0;
        _used = 0;
        var unescaped = Array.Empty<byte>();
        using (var lines = LineReader.OpenDirect(path))
        {
            while (lines.ReadLine())
            {
                var seq = SeqLine.Parse(lines.Span, out var idStart, path, lines.LineNumber);
                var json = lines.Span[idStart..];
                Add(seq, json, CustomId.TextOf(json, ref unescaped));
            }
        }
        BuildTable(path);
    }

    /// <summary>The record whose id has this text (unescaped UTF-8), or -1.</summary>
    public int Find(ReadOnlySpan<byte> text) => _table[Slot(text)] - 1;

    // The table slot that holds the record with this text, else the empty slot where it would go (open addressing;
    // a slot holds record + 1, so 0 is empty).
    private int Slot(ReadOnlySpan<byte> text)
    {
        var mask = _table.Length - 1;
        var slot = (int)XxHash3.HashToUInt64(text) & mask;
        while (_table[slot] != 0 && !Text(_table[slot] - 1).SequenceEqual(text))
        {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private ReadOnlySpan<byte> Text(int record) => _bytes.AsSpan(_entries[record].Text, _entries[record].TextLength);

    private void Add(long seq, ReadOnlySpan<byte> json, ReadOnlySpan<byte> text)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        var jsonAt = Append(json);
        // Most ids have no escapes: then the text is the JSON content and is stored once.
        var textAt = text == json ? jsonAt : Append(text);
        _entries[Count++] = new Entry(seq, jsonAt, json.Length, textAt, text.Length);
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        if (_bytes.Length - _used < bytes.Length)
        {
            Array.Resize(ref _bytes, checked(Math.Max(_bytes.Length * 2, _used + bytes.Length)));
        }
        bytes.CopyTo(_bytes.AsSpan(_used));
        _used += bytes.Length;
        return _used - bytes.Length;
    }

    private void BuildTable(string path)
    {
        var size = Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Count * 2));
        if (_table.Length == size)
        {
            Array.Clear(_table);
        }
        else
        {
            _table = new int[size];
        }
        for (var record = 0; record < Count; record++)
        {
            var slot = Slot(Text(record));
            if (_table[slot] != 0)
            {
                throw new InvalidDataException($"{path} line {record + 1}: custom_id appears twice in one chunk.");
            }
            _table[slot] = record + 1;
        }
    }

    private readonly record struct Entry(long Seq, int Json, int JsonLength, int Text, int TextLength);
}
