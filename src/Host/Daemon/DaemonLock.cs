using System.Text;

namespace BatchInfer.Host.Daemon;

/// <summary>
/// .daemon.lock: one daemon per working directory (docs/engine.md). An explicit flock(LOCK_EX) that the
/// kernel drops when the holder dies, so a stale file from a killed daemon never blocks the next one.
/// .NET's own FileShare emulation also uses flock (LOCK_SH for a shared open), which would make every
/// client's read of the file fail against the daemon's exclusive lock; it is switched off for this
/// executable (System.IO.DisableFileLocking in the project file), so this flock is the only one.
/// </summary>
internal sealed class DaemonLock : IDisposable
{
    public const string FileName = ".daemon.lock";

    private readonly FileStream _stream;

    private DaemonLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    public static string PathIn(string workDirectory) => System.IO.Path.Combine(workDirectory, FileName);

    /// <summary>Takes the lock, or returns null when a live process holds it.</summary>
    public static DaemonLock? TryAcquire(string workDirectory)
    {
        var path = PathIn(workDirectory);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            // Owner only from the first byte: a handle opened while the file was world-readable would read every later token.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var stream = new FileStream(path, options);
        if (Native.Flock(stream.SafeFileHandle, Native.LockExclusive | Native.LockNonBlocking) != 0)
        {
            stream.Dispose();
            return null;
        }
        if (!OperatingSystem.IsWindows())
        {
            // The token will be in it: owner only, whatever mode an older file had.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        stream.SetLength(0);
        stream.Flush(flushToDisk: true);
        return new DaemonLock(stream, path);
    }

    /// <summary>Publishes the daemon's address; written once Kestrel listens, so a port in the file is a port that answers.</summary>
    public void Publish(DaemonInfo info)
    {
        var bytes = Encoding.UTF8.GetBytes(info.ToJson());
        _stream.SetLength(0);
        _stream.Position = 0;
        _stream.Write(bytes);
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The published address, when the process that wrote it still runs. No lock is taken to find out:
    /// a prober's transient shared lock would make a starting daemon believe another one holds the file.
    /// </summary>
    public static DaemonInfo? ReadLive(string workDirectory)
    {
        string json;
        try
        {
            json = File.ReadAllText(PathIn(workDirectory), Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        return DaemonInfo.Parse(json) is { } info && IsDaemonProcess(info.Pid) ? info : null;
    }

    /// <summary>Alive and still batch_infer: a killed daemon's pid may have been reused by something else.</summary>
    public static bool IsDaemonProcess(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("batch_infer", StringComparison.Ordinal) && commandLine.Contains("daemon", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => _stream.Dispose();
}
