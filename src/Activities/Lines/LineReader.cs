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
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(2 * ReadSize);
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private bool _endOfFile;
    private int _lineStart;
    private int _lineLength;

    private LineReader(SafeFileHandle file) => _file = file;

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>File offset of the current line's first byte (after any BOM).</summary>
    public long LineOffset { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_lineStart, _lineLength);

    public static LineReader Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan));

    /// <summary>Opens <paramref name="path"/>, or null when it does not exist.</summary>
    public static LineReader? OpenIfExists(string path) => File.Exists(path) ? Open(path) : null;

    public bool ReadLine()
    {
        var scanFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                SetLine(_start, scanFrom + newline - _start);
                _start = scanFrom + newline + 1;
                return true;
            }
            if (_endOfFile)
            {
                if (_end == _start)
                {
                    return false;
                }
                SetLine(_start, _end - _start);
                _start = _end;
                return true;
            }
            var scanned = _end - _start;
            MakeRoom();
            scanFrom = _start + scanned;
            var read = RandomAccess.Read(_file, _buffer.AsSpan(_end), _bufferFileOffset + _end);
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
        if (LineNumber == 0 && _bufferFileOffset == 0 && _buffer.AsSpan(start, length).StartsWith(Bom))
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
        _file.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
