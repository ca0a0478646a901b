using System.Buffers;
using System.Text.Json;

namespace BatchInfer.Simulator.Processing;

/// <summary>
/// Writes the lines of one output or error file, each composed as UTF-8 JSON straight into a reused buffer and
/// written through a 64 KB file buffer. Shuffling keeps a bounded window of lines and emits a random one whenever it
/// is full, so order is lost without holding the whole file in memory.
/// </summary>
internal sealed class ResultWriter(string path, Random? shuffle) : IAsyncDisposable
{
    private const int Window = 256;
    private const int FileBuffer = 1 << 16;
    private readonly List<byte[]> _window = [];
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private FileStream? _file;

    public string Path { get; } = path;

    public int Lines { get; private set; }

    /// <summary>Starts the next line: write one JSON value to the writer returned, then call <see cref="EndLineAsync"/>.</summary>
    public Utf8JsonWriter BeginLine()
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        return _json;
    }

    public async Task EndLineAsync()
    {
        _json.Flush();
        _line.Write("\n"u8);
        Lines++;
        if (shuffle is null)
        {
            await WriteOutAsync(_line.WrittenMemory);
            return;
        }
        _window.Add(_line.WrittenSpan.ToArray());
        if (_window.Count >= Window)
        {
            await EmitRandomAsync();
        }
    }

    /// <summary>Writes what is left and closes the file; true if the file has any line (otherwise it is deleted).</summary>
    public async Task<bool> CompleteAsync()
    {
        while (_window.Count > 0)
        {
            await EmitRandomAsync();
        }
        await DisposeAsync();
        if (Lines == 0)
        {
            File.Delete(Path);
        }
        return Lines > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
            _file = null;
        }
        await _json.DisposeAsync();
    }

    private async Task EmitRandomAsync()
    {
        // CA5394: shuffling test output needs a seedable generator, not a secure one.
#pragma warning disable CA5394
        var index = shuffle!.Next(_window.Count);
#pragma warning restore CA5394
        var line = _window[index];
        _window[index] = _window[^1];
        _window.RemoveAt(_window.Count - 1);
        await WriteOutAsync(line);
    }

    private async Task WriteOutAsync(ReadOnlyMemory<byte> line)
    {
        _file ??= new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read, FileBuffer);
        await _file.WriteAsync(line);
    }
}
