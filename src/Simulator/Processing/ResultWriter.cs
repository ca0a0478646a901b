using System.Text;

namespace BatchInfer.Simulator.Processing;

/// <summary>
/// Writes the lines of one output or error file. Shuffling keeps a bounded window of lines and emits a random
/// one whenever it is full, so order is lost without holding the whole file in memory.
/// </summary>
internal sealed class ResultWriter(string path, Random? shuffle) : IAsyncDisposable
{
    private const int Window = 256;
    private readonly List<string> _window = [];
    private StreamWriter? _writer;

    public string Path { get; } = path;

    public int Lines { get; private set; }

    public async Task WriteAsync(string line)
    {
        Lines++;
        if (shuffle is null)
        {
            await WriteOutAsync(line);
            return;
        }
        _window.Add(line);
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
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }
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

    private async Task WriteOutAsync(string line)
    {
        _writer ??= new StreamWriter(Path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        await _writer.WriteLineAsync(line);
    }
}
