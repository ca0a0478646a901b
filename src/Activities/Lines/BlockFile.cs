using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Lines;

/// <summary>
/// A file written block by block, in order, by a thread of its own: one block is on its way to the file
/// while the caller fills the next, so at most two blocks exist. The bytes go to the disk directly where
/// the file system allows (<see cref="DirectIo"/>); through the page cache, every <see cref="FlushEvery"/>
/// bytes a flush starts the disk writing early, so that <see cref="Complete"/> waits only for the tail instead
/// of the whole file (an fsync of a GB at the end measured seconds). Writes and flushes block on the disk, so
/// they stay off the thread pool, where the line checks run (blocked pool threads starved them, measured).
/// </summary>
internal sealed class BlockFile : IDisposable
{
    public const int BlockSize = 1 << 20;
    private const long FlushEvery = 32L << 20;

    // Blocks of the usual size wait here for the next file. The shared array pool keeps an array for the thread
    // that returns it, and a chunk's blocks come back on its commit thread, which then ends: every chunk's
    // blocks were garbage, and the peak grew with the number of chunks (measured).
    private static readonly ConcurrentStack<byte[]> Blocks = new();

    private readonly SafeFileHandle _handle;
    private readonly DirectOutput _output;
    private readonly SemaphoreSlim _idle = new(1);
    private readonly SemaphoreSlim _ready = new(0);
    private Thread? _writer;
    private Task _flushing = Task.CompletedTask;
    private byte[]? _pending;
    private int _pendingCount;
    private bool _closing;
    private bool _closed;
    private Exception? _failure;
    private byte[]? _spare;
    private long _flushedAt;

    public BlockFile(SafeFileHandle handle)
    {
        _handle = handle;
        _output = new DirectOutput(handle);
    }

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
            Return(block);
        }
        if (size > BlockSize)
        {
            return ArrayPool<byte>.Shared.Rent(size);
        }
        return Blocks.TryPop(out var reused) ? reused : GC.AllocateUninitializedArray<byte>(BlockSize);
    }

    /// <summary>Gives back a block from <see cref="TakeBlock"/> that is no longer any file's.</summary>
    public static void Return(byte[] block)
    {
        if (block.Length == BlockSize)
        {
            Blocks.Push(block);
        }
        else if (block.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Starts writing <paramref name="count"/> bytes of <paramref name="block"/>, which belongs to this file until it comes back from <see cref="TakeBlock"/>.</summary>
    public void Write(byte[] block, int count)
    {
        WaitForWriter();
        _pending = block;
        _pendingCount = count;
        Dispatched += count;
        if (_writer is null)
        {
            _writer = new Thread(WriteBlocks) { IsBackground = true, Name = "block writer" };
            _writer.Start();
        }
        _ready.Release();
        if (!_output.IsDirect && Dispatched - _flushedAt >= FlushEvery && _flushing.IsCompleted)
        {
            _flushing.GetAwaiter().GetResult();
            _flushedAt = Dispatched;
            _flushing = Task.Factory.StartNew(() => RandomAccess.FlushToDisk(_handle), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Writes the last <paramref name="count"/> bytes of <paramref name="block"/> after the others, flushes the file to disk and closes it.</summary>
    public void Complete(byte[] block, int count)
    {
        try
        {
            StopWriter();
            _output.Append(new ReadOnlySpan<byte>(block, 0, count));
            Dispatched += count;
        }
        finally
        {
            Recycle(block);
        }
        _flushing.GetAwaiter().GetResult();
        _output.Finish();
        Close();
    }

    /// <summary>Unless completed, closes the file after whatever is in flight has ended, ignoring its errors: the file is being thrown away.</summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }
        try
        {
            StopWriter();
            _flushing.Wait();
        }
        catch (Exception e) when (e is IOException or AggregateException or UnauthorizedAccessException)
        {
            // The caller is already failing or cancelling; the temporary file is deleted next.
        }
        Close();
    }

    private void WriteBlocks()
    {
        while (true)
        {
            _ready.Wait();
            if (_closing)
            {
                return;
            }
            try
            {
                _output.Append(new ReadOnlySpan<byte>(_pending, 0, _pendingCount));
            }
            catch (Exception e)
            {
                // Handed to the caller at its next write; a dead writer thread would leave it waiting.
                _failure = e;
            }
            _idle.Release();
        }
    }

    // Returns once the block in flight is written; it becomes the spare.
    private void WaitForWriter()
    {
        _idle.Wait();
        if (_pending is not null)
        {
            Recycle(_pending);
            _pending = null;
        }
        if (_failure is { } failure)
        {
            _idle.Release();
            throw new IOException("Writing a block failed.", failure);
        }
    }

    private void StopWriter()
    {
        if (_closing)
        {
            return;
        }
        try
        {
            WaitForWriter();
        }
        finally
        {
            _closing = true;
            _ready.Release();
            _writer?.Join();
        }
    }

    private void Recycle(byte[] block)
    {
        if (_spare is null)
        {
            _spare = block;
        }
        else
        {
            Return(block);
        }
    }

    private void Close()
    {
        _closed = true;
        _closing = true;
        _output.Dispose();
        _handle.Dispose();
        if (_spare is not null)
        {
            Return(_spare);
        }
        _spare = null;
        _idle.Dispose();
        _ready.Dispose();
    }
}
