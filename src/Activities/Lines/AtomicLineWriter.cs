using System.Buffers;
using System.Buffers.Text;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Lines;

/// <summary>
/// Writes lines to a temporary file that <see cref="Commit"/> flushes to disk and renames into place, so
/// nothing appears under the final name half-written. Bytes gather in a block that is written in the
/// background while the next one fills (<see cref="BlockFile"/>), so the caller's thread only copies.
/// </summary>
internal sealed class AtomicLineWriter : IBufferWriter<byte>, IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly BlockFile _file;
    private byte[] _block;
    private int _used;
    private bool _committed;

    private AtomicLineWriter(string path)
    {
        _path = path;
        _temporary = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new BlockFile(File.OpenHandle(_temporary, FileMode.Create, FileAccess.Write, FileShare.None));
        _block = _file.TakeBlock(BlockFile.BlockSize);
    }

    public static AtomicLineWriter Create(string path) => new(path);

    public long Lines { get; private set; }

    /// <summary>Bytes written so far, buffered or not.</summary>
    public long Length => _file.Dispatched + _used;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > _block.Length - _used)
        {
            var fits = _block.Length - _used;
            bytes[..fits].CopyTo(_block.AsSpan(_used));
            _used += fits;
            bytes = bytes[fits..];
            Dispatch(BlockFile.BlockSize);
        }
        bytes.CopyTo(_block.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Write(byte value)
    {
        if (_used == _block.Length)
        {
            Dispatch(BlockFile.BlockSize);
        }
        _block[_used++] = value;
    }

    public void Write(long value)
    {
        var span = GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _used += written;
    }

    /// <summary>Ends the current line.</summary>
    public void EndLine()
    {
        Write((byte)'\n');
        Lines++;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_block.Length - _used < Math.Max(sizeHint, 1))
        {
            Dispatch(Math.Max(sizeHint, BlockFile.BlockSize));
        }
        return _block.AsSpan(_used);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        GetSpan(sizeHint);
        return _block.AsMemory(_used);
    }

    public void Advance(int count) => _used += count;

    /// <summary>Writes what is left, flushes the file to disk and renames it to its final name.</summary>
    public void Commit()
    {
        // The block belongs to the file from here on, whether or not completing it succeeds.
        var (block, used) = (_block, _used);
        _block = [];
        _used = 0;
        _file.Complete(block, used);
        File.Move(_temporary, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }
        _committed = true;
        _file.Dispose();
        BlockFile.Return(_block);
        _block = [];
        File.Delete(_temporary);
    }

    private void Dispatch(int nextSize)
    {
        _file.Write(_block, _used);
        _block = _file.TakeBlock(nextSize);
        _used = 0;
    }
}
