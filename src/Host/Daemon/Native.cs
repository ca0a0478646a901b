using System.Runtime.InteropServices;

namespace BatchInfer.Host.Daemon;

/// <summary>The few libc calls .NET does not expose: an explicit flock and a new session.</summary>
internal static partial class Native
{
    public const int LockShared = 1;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(SafeHandle fd, int operation);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();
}
