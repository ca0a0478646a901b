using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Lines;

/// <summary>
/// Reads a set of lines, given where they sit in their files, with few large reads: the lines are taken in
/// file order and neighbours share one read. Providers answer in no promised order, so reading each
/// record's line by itself costs a system call per record (the reconciliation's largest cost, measured).
/// </summary>
internal sealed class LineGather : IDisposable
{
    private const int ReadSize = 1 << 20;
    private const int MaxGap = 16 << 10;

    private byte[] _window = ArrayPool<byte>.Shared.Rent(ReadSize);
    private byte[] _read = ArrayPool<byte>.Shared.Rent(ReadSize);
    private long[] _keys = new long[1024];
    private Piece[] _pieces = new Piece[1024];
    private int _count;
    private int _used;

    /// <summary>Bytes of the lines added since the last <see cref="Clear"/>.</summary>
    public int Bytes => _used;

    public void Clear()
    {
        _count = 0;
        _used = 0;
    }

    /// <summary>Asks for a line; returns where it will be in the window.</summary>
    public int Add(int file, long offset, int length)
    {
        if (_count == _pieces.Length)
        {
            Array.Resize(ref _pieces, _count * 2);
            Array.Resize(ref _keys, _count * 2);
        }
        _pieces[_count] = new Piece(file, offset, length, _used);
        // File first, then offset: a file index needs few bits, an offset stays below 2^56.
        _keys[_count] = ((long)file << 56) | offset;
        _count++;
        _used = checked(_used + length);
        return _used - length;
    }

    /// <summary>Reads every line asked for from <paramref name="files"/> (indexed by the file numbers given to <see cref="Add"/>).</summary>
    public void Load(IReadOnlyList<SafeFileHandle?> files)
    {
        if (_window.Length < _used)
        {
            ArrayPool<byte>.Shared.Return(_window);
            _window = ArrayPool<byte>.Shared.Rent(_used);
        }
        SortByPlace();
        for (var first = 0; first < _count;)
        {
            var start = _pieces[first];
            var end = start.Offset + start.Length;
            var last = first + 1;
            while (last < _count && _pieces[last].File == start.File && _pieces[last].Offset - end <= MaxGap
                && _pieces[last].Offset + _pieces[last].Length - start.Offset <= ReadSize)
            {
                end = Math.Max(end, _pieces[last].Offset + _pieces[last].Length);
                last++;
            }
            var handle = files[start.File]!;
            if (last == first + 1)
            {
                ReadExactly(handle, _window.AsSpan(start.Destination, start.Length), start.Offset);
            }
            else
            {
                ReadExactly(handle, _read.AsSpan(0, (int)(end - start.Offset)), start.Offset);
                for (var i = first; i < last; i++)
                {
                    var piece = _pieces[i];
                    _read.AsSpan((int)(piece.Offset - start.Offset), piece.Length).CopyTo(_window.AsSpan(piece.Destination));
                }
            }
            first = last;
        }
    }

    /// <summary>A line read by <see cref="Load"/>, by the place <see cref="Add"/> gave it.</summary>
    public ReadOnlySpan<byte> Line(int at, int length) => _window.AsSpan(at, length);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_window);
        ArrayPool<byte>.Shared.Return(_read);
        _window = _read = [];
    }

    // Answers often come in input order or in reverse: those need no sort.
    private void SortByPlace()
    {
        var keys = _keys.AsSpan(0, _count);
        var pieces = _pieces.AsSpan(0, _count);
        var ascending = true;
        var descending = true;
        for (var i = 1; i < keys.Length && (ascending || descending); i++)
        {
            ascending &= keys[i - 1] <= keys[i];
            descending &= keys[i - 1] >= keys[i];
        }
        if (ascending)
        {
            return;
        }
        if (descending)
        {
            keys.Reverse();
            pieces.Reverse();
            return;
        }
        keys.Sort(pieces);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new InvalidDataException("A downloaded result file shrank while it was being read.");
            }
            destination = destination[read..];
            offset += read;
        }
    }

    private readonly record struct Piece(int File, long Offset, int Length, int Destination);
}
