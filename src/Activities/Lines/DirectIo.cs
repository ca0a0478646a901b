using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Lines;

/// <summary>
/// O_DIRECT for the record files: bytes move between an aligned buffer of the process and the disk without
/// passing through the page cache. The page cache's copies were most of the record steps' time on the
/// project's machine (measured: 2–3 CPU seconds per GB written or read back in the kernel's copies into
/// and out of fresh page-cache pages, against under 0.1 for a direct write), and each record file is read
/// once, later, so caching it bought nothing. Elsewhere (another OS, a file system that refuses O_DIRECT)
/// the same calls go through the page cache.
/// </summary>
internal static partial class DirectIo
{
    /// <summary>Direct transfers start and end on this boundary (the page size covers every logical block size).</summary>
    public const int Alignment = 4096;

    public const int BufferSize = 1 << 20;

    private const int GetFlags = 3;
    private const int SetFlags = 4;

    // Pinned buffers (never moved, so their alignment holds), shared by the files of the process: a file
    // needs one only while it is open, and allocating one per file left a MB of garbage per file.
    private static readonly ConcurrentStack<byte[]> Buffers = new();

    /// <summary>A pinned buffer with an aligned region of <see cref="BufferSize"/> bytes at <paramref name="start"/>.</summary>
    public static byte[] Rent(out int start)
    {
        var buffer = Buffers.TryPop(out var reused) ? reused : GC.AllocateUninitializedArray<byte>(BufferSize + Alignment, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        start = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1));
        return buffer;
    }

    public static void Return(byte[] buffer) => Buffers.Push(buffer);

    /// <summary>Turns O_DIRECT on or off for an open file; false when it could not be turned on (or off).</summary>
    public static bool Set(SafeFileHandle file, bool on)
    {
        var flag = DirectFlag();
        if (flag == 0)
        {
            return false;
        }
        var flags = Fcntl(file, GetFlags, 0);
        return flags >= 0 && Fcntl(file, SetFlags, on ? flags | flag : flags & ~flag) == 0;
    }

    // O_DIRECT's value differs between architectures; 0 where it is not known.
    private static int DirectFlag() => !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(SafeFileHandle file, int command, int argument);
}

/// <summary>An open file with O_DIRECT turned on where allowed, and the aligned buffer its transfers go through.</summary>
internal abstract class DirectFile : IDisposable
{
    private readonly int _start;
    private byte[] _buffer;

    protected DirectFile(SafeFileHandle handle)
    {
        Handle = handle;
        _buffer = DirectIo.Rent(out _start);
        IsDirect = DirectIo.Set(handle, on: true);
    }

    /// <summary>Whether transfers bypass the page cache.</summary>
    public bool IsDirect { get; private set; }

    protected SafeFileHandle Handle { get; }

    protected Span<byte> Stage => _buffer.AsSpan(_start, DirectIo.BufferSize);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            DirectIo.Return(_buffer);
            _buffer = [];
        }
    }

    // For a file system that accepted O_DIRECT and then refused a transfer: the page cache takes the rest.
    protected void FallBack()
    {
        IsDirect = false;
        DirectIo.Set(Handle, on: false);
    }
}

/// <summary>Appends to a file with O_DIRECT where allowed (<see cref="DirectIo"/>). Used by one thread at a time.</summary>
internal sealed class DirectOutput(SafeFileHandle handle) : DirectFile(handle)
{
    private int _used;
    private long _position;

    /// <summary>Appends <paramref name="bytes"/>; a direct file gets whole pages now and the rest with the next bytes or <see cref="Finish"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var fits = Math.Min(bytes.Length, DirectIo.BufferSize - _used);
            bytes[..fits].CopyTo(Stage[_used..]);
            _used += fits;
            bytes = bytes[fits..];
            WriteStage(IsDirect ? _used & -DirectIo.Alignment : _used);
        }
    }

    /// <summary>Writes what is left (a direct file's last page padded, then cut back to its length) and flushes the file to disk.</summary>
    public void Finish()
    {
        var length = _position + _used;
        if (IsDirect && _used % DirectIo.Alignment != 0)
        {
            var padded = (_used + DirectIo.Alignment - 1) & -DirectIo.Alignment;
            Stage[_used..padded].Clear();
            _used = padded;
        }
        WriteStage(_used);
        if (RandomAccess.GetLength(Handle) != length)
        {
            RandomAccess.SetLength(Handle, length);
        }
        RandomAccess.FlushToDisk(Handle);
    }

    // Writes the stage's first `count` bytes and moves what follows them to its front.
    private void WriteStage(int count)
    {
        if (count == 0)
        {
            return;
        }
        try
        {
            RandomAccess.Write(Handle, Stage[..count], _position);
        }
        catch (IOException) when (IsDirect)
        {
            FallBack();
            RandomAccess.Write(Handle, Stage[..count], _position);
        }
        _position += count;
        Stage[count.._used].CopyTo(Stage);
        _used -= count;
    }
}

/// <summary>Reads a file front to back with O_DIRECT where allowed (<see cref="DirectIo"/>), a buffer at a time.</summary>
internal sealed class DirectInput(SafeFileHandle handle) : DirectFile(handle)
{
    private long _stageOffset;
    private int _stageLength;

    /// <summary>Like <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>, for offsets that only grow: 0 at the end of the file.</summary>
    public int Read(Span<byte> destination, long offset)
    {
        if (offset < _stageOffset || offset >= _stageOffset + _stageLength)
        {
            _stageOffset = offset & -DirectIo.Alignment;
            _stageLength = ReadStage();
            if (offset >= _stageOffset + _stageLength)
            {
                return 0;
            }
        }
        var from = (int)(offset - _stageOffset);
        var count = Math.Min(destination.Length, _stageLength - from);
        Stage.Slice(from, count).CopyTo(destination);
        return count;
    }

    private int ReadStage()
    {
        try
        {
            return RandomAccess.Read(Handle, Stage, _stageOffset);
        }
        catch (IOException) when (IsDirect)
        {
            FallBack();
            return RandomAccess.Read(Handle, Stage, _stageOffset);
        }
    }
}
