namespace BatchInfer.Activities.Lines;

/// <summary>
/// Reads a file line by line as UTF-8 bytes without allocating per line: the current line is a view
/// into a reused buffer (valid until the next read). A leading BOM and a trailing '\r' are dropped;
/// the buffer grows to fit the longest line, so lines of many MB work.
/// </summary>
internal sealed class LineReader : IAsyncDisposable
{
    private const int InitialBufferSize = 1 << 20;
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private bool _endOfFile;
    private int _lineStart;
    private int _lineLength;

    private LineReader(Stream stream) => _stream = stream;

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>File offset of the current line's first byte (after any BOM).</summary>
    public long LineOffset { get; private set; }

    public ReadOnlyMemory<byte> Line => _buffer.AsMemory(_lineStart, _lineLength);

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_lineStart, _lineLength);

    public static LineReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan));

    /// <summary>Opens <paramref name="path"/>, or null when it does not exist.</summary>
    public static LineReader? OpenIfExists(string path) => File.Exists(path) ? Open(path) : null;

    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
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
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                _endOfFile = true;
            }
            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, checked(_buffer.Length * 2));
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

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
