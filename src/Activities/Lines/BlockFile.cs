using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Lines;

/// <summary>
/// A file written block by block, in order, by a background task: one block is on its way to the file
/// while the caller fills the next, so at most two blocks exist. Every <see cref="FlushEvery"/> bytes a
/// background flush starts the disk writing early, so that <see cref="Complete"/> waits only for the tail
/// instead of the whole file (an fsync of a GB at the end measured seconds).
/// </summary>
internal sealed class BlockFile
{
    public const int BlockSize = 1 << 20;
    private const long FlushEvery = 32L << 20;

    private readonly SafeFileHandle _handle;
    private Task _writing = Task.CompletedTask;
    private Task _flushing = Task.CompletedTask;
    private byte[]? _inFlight;
    private byte[]? _spare;
    private long _flushedAt;

    public BlockFile(SafeFileHandle handle) => _handle = handle;

    /// <summary>Bytes handed to <see cref="Write"/> so far.</summary>
    public long Dispatched { get; private set; }

    /// <summary>A block of at least <paramref name="size"/> bytes to fill: the one whose write has finished, or a new one.</summary>
    public byte[] TakeBlock(int size)
    {
        var block = _spare;
        _spare = null;
        if (block is not null && block.Length >= size)
        {
            return block;
        }
        if (block is not null)
        {
            ArrayPool<byte>.Shared.Return(block);
        }
        return ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>Starts writing <paramref name="count"/> bytes of <paramref name="block"/>, which belongs to this file until it comes back from <see cref="TakeBlock"/>.</summary>
    public void Write(byte[] block, int count)
    {
        FinishWrite();
        _inFlight = block;
        if (count == 0)
        {
            return;
        }
        var offset = Dispatched;
        Dispatched += count;
        _writing = Task.Run(() => RandomAccess.Write(_handle, new ReadOnlySpan<byte>(block, 0, count), offset));
        if (Dispatched - _flushedAt >= FlushEvery && _flushing.IsCompleted)
        {
            _flushing.GetAwaiter().GetResult();
            _flushedAt = Dispatched;
            _flushing = Task.Run(() => RandomAccess.FlushToDisk(_handle));
        }
    }

    /// <summary>Waits for the writes, flushes the file to disk and closes it.</summary>
    public void Complete()
    {
        FinishWrite();
        _flushing.GetAwaiter().GetResult();
        RandomAccess.FlushToDisk(_handle);
        Close();
    }

    /// <summary>Closes the file after whatever is in flight has ended, ignoring its errors: the file is being thrown away.</summary>
    public void Abandon()
    {
        try
        {
            Task.WaitAll(_writing, _flushing);
        }
        catch (AggregateException)
        {
            // The caller is already failing or cancelling; the temporary file is deleted next.
        }
        Close();
    }

    private void FinishWrite()
    {
        _writing.GetAwaiter().GetResult();
        if (_inFlight is null)
        {
            return;
        }
        if (_spare is null)
        {
            _spare = _inFlight;
        }
        else
        {
            ArrayPool<byte>.Shared.Return(_inFlight);
        }
        _inFlight = null;
    }

    private void Close()
    {
        _handle.Dispose();
        foreach (var block in new[] { _inFlight, _spare })
        {
            if (block is { Length: > 0 })
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }
        _inFlight = _spare = null;
    }
}
