namespace BatchInfer.Activities.Tasks;

/// <summary>Writes a file under a temporary name and renames it into place, so a crash never leaves a half-written file that looks complete.</summary>
public static class AtomicFile
{
    public const int BufferSize = 1 << 16;

    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
        {
            await write(stream);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Opens a temporary file for writing; <see cref="Commit"/> renames it into place.</summary>
    public static PendingFile Begin(string path) => new(path);

    public sealed class PendingFile : IAsyncDisposable
    {
        private readonly string _path;
        private readonly string _temporary;
        private bool _committed;

        internal PendingFile(string path)
        {
            _path = path;
            _temporary = path + ".tmp";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            Stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        }

        public FileStream Stream { get; }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await Stream.FlushAsync(cancellationToken);
            Stream.Flush(flushToDisk: true);
            await Stream.DisposeAsync();
            File.Move(_temporary, _path, overwrite: true);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_committed)
            {
                return;
            }
            await Stream.DisposeAsync();
            File.Delete(_temporary);
        }
    }
}
