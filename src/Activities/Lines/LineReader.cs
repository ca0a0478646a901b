using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Lines;

/// <summary>
/// Reads a file line by line as UTF-8 bytes without allocating per line: the current line is a view
/// into a reused buffer (valid until the next read). A leading BOM and a trailing '\r' are dropped;
/// the buffer grows to fit the longest line, so lines of many MB work. Reads are synchronous and large:
/// the record steps run on a thread of their own, and an awaited read per line costs more than the line.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private const int ReadSize = 1 << 20;
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly SafeFileHandle _file;
    private readonly DirectInput? _direct;
    private readonly long _stop;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(2 * ReadSize);
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private bool _endOfFile;
    private int _lineStart;
    private int _lineLength;

    private LineReader(SafeFileHandle file, long start, long stop, bool direct = false)
    {
        _file = file;
        _direct = direct ? new DirectInput(file) : null;
        _bufferFileOffset = start;
        _stop = stop;
    }

    /// <summary>1-based number of the current line (counted from where the reader started).</summary>
    public long LineNumber { get; private set; }

    /// <summary>File offset of the current line's first byte (after any BOM).</summary>
    public long LineOffset { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_lineStart, _lineLength);

    public static LineReader Open(string path) => Open(path, 0, long.MaxValue);

    /// <summary>
    /// Opens a file that this program wrote with <see cref="DirectOutput"/>, past the page cache as it was
    /// written (<see cref="DirectIo"/>): it is not there, and filling fresh cache pages to read it cost more
    /// than the rest of the merge (measured).
    /// </summary>
    public static LineReader OpenDirect(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read), 0, long.MaxValue, direct: true);

    /// <summary>
    /// A reader of the lines that start at an offset in [<paramref name="start"/>, <paramref name="stop"/>): it
    /// begins after the line that holds byte <paramref name="start"/> - 1 and reads its last line to the end, so
    /// readers of adjacent ranges together read every line once.
    /// </summary>
    public static LineReader Open(string path, long start, long stop)
    {
        var reader = new LineReader(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan), Math.Max(start - 1, 0), stop);
        if (start > 0)
        {
            reader.NextLine(out _, out _);
        }
        return reader;
    }

    /// <summary>Opens <paramref name="path"/>, or null when it does not exist.</summary>
    public static LineReader? OpenIfExists(string path) => File.Exists(path) ? Open(path) : null;

    public bool ReadLine()
    {
        if (_bufferFileOffset + _start >= _stop || !NextLine(out var start, out var length))
        {
            return false;
        }
        SetLine(start, length);
        return true;
    }

    // The next line as it is in the file, without its '\n'.
    private bool NextLine(out int start, out int length)
    {
        var scanFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                (start, length) = (_start, scanFrom + newline - _start);
                _start = scanFrom + newline + 1;
                return true;
            }
            if (_endOfFile)
            {
                (start, length) = (_start, _end - _start);
                _start = _end;
                return length > 0;
            }
            var scanned = _end - _start;
            MakeRoom();
            scanFrom = _start + scanned;
            var read = _direct?.Read(_buffer.AsSpan(_end), _bufferFileOffset + _end) ?? RandomAccess.Read(_file, _buffer.AsSpan(_end), _bufferFileOffset + _end);
            _endOfFile = read == 0;
            _end += read;
        }
    }

    // Keeps at least ReadSize free after the unread bytes, so every read is a large one.
    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_buffer.Length - _end < ReadSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private void SetLine(int start, int length)
    {
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }
        if (_bufferFileOffset + start == 0 && _buffer.AsSpan(start, length).StartsWith(Bom))
        {
            start += Bom.Length;
            length -= Bom.Length;
        }
        LineNumber++;
        LineOffset = _bufferFileOffset + start;
        _lineStart = start;
        _lineLength = length;
    }

    public void Dispose()
    {
        _direct?.Dispose();
        _file.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
