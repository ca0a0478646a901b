using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Lines;

/// <summary>
/// Writes lines to a file through <see cref="AtomicFile"/>: nothing appears under the final name until
/// <see cref="CommitAsync"/>. Bytes are gathered in a pipe and flushed in large blocks.
/// </summary>
internal sealed class AtomicLineWriter : IAsyncDisposable
{
    private const int FlushThreshold = 1 << 20;

    private readonly AtomicFile.PendingFile _file;
    private readonly PipeWriter _pipe;
    private bool _completed;

    private AtomicLineWriter(string path)
    {
        _file = AtomicFile.Begin(path);
        _pipe = PipeWriter.Create(_file.Stream, new StreamPipeWriterOptions(minimumBufferSize: 1 << 16, leaveOpen: true));
    }

    public static AtomicLineWriter Create(string path) => new(path);

    /// <summary>Where a <see cref="System.Text.Json.Utf8JsonWriter"/> can write the current line directly.</summary>
    public IBufferWriter<byte> Buffer => _pipe;

    public long Lines { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes) => _pipe.Write(bytes);

    public void Write(byte value)
    {
        _pipe.GetSpan(1)[0] = value;
        _pipe.Advance(1);
    }

    public void Write(long value)
    {
        var span = _pipe.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _pipe.Advance(written);
    }

    /// <summary>Ends the current line and flushes to the file when enough bytes have gathered.</summary>
    public async ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        Write((byte)'\n');
        Lines++;
        if (_pipe.UnflushedBytes >= FlushThreshold)
        {
            await _pipe.FlushAsync(cancellationToken);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _pipe.FlushAsync(cancellationToken);
        await _pipe.CompleteAsync();
        _completed = true;
        await _file.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            await _pipe.CompleteAsync();
        }
        await _file.DisposeAsync();
    }
}
