using System.Globalization;

namespace BatchInfer.Host.Engine;

/// <summary>
/// One engine host per state database (DESIGN.md §3.8): an exclusive OS lock on .daemon.lock, which the
/// kernel releases when the holder dies, so a stale file left by a killed process never blocks.
/// </summary>
internal sealed class EngineLock : IDisposable
{
    public const string FileName = ".daemon.lock";

    private readonly FileStream _stream;

    private EngineLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, or returns null when a live process holds it.</summary>
    public static EngineLock? TryAcquire(string workDirectory)
    {
        var path = Path.Combine(workDirectory, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            }
            stream.Flush(flushToDisk: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return new EngineLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The process id written by the holder, for messages.</summary>
    public static string? ReadHolder(string workDirectory)
    {
        try
        {
            using var stream = new FileStream(Path.Combine(workDirectory, FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
