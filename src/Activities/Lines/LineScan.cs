using System.Buffers;
using System.Runtime.CompilerServices;

namespace BatchInfer.Activities.Lines;

/// <summary>Looks at one line on its own. Each block of a <see cref="LineScan{T}"/> has an inspector of its own, and blocks are inspected at the same time.</summary>
internal interface ILineInspector<out T>
{
    T Inspect(ReadOnlySpan<byte> line, long offset);
}

/// <summary>
/// Inspects every line of a file on all cores and hands the results back in line order. The file is cut into
/// blocks of a few MB, each read by its own <see cref="LineReader"/> on the thread pool, a few blocks ahead of
/// the caller: the JSON parsing of a line is most of a record step's work, and one core did not reach the disk's
/// speed (measured). Memory is those few blocks, whatever the file's size.
/// </summary>
internal sealed class LineScan<T> : IDisposable
{
    private const long BlockBytes = 4 << 20;

    private readonly string _path;
    private readonly long _length;
    private readonly Func<ILineInspector<T>> _inspector;
    private readonly int _depth = Environment.ProcessorCount + 1;
    private readonly Queue<Task<Results>> _ahead = new();
    private long _next;
    private Results _current = new([], 0);
    private int _index;

    public LineScan(string path, Func<ILineInspector<T>> inspector)
    {
        _path = path;
        _length = new FileInfo(path).Length;
        _inspector = inspector;
        ScheduleAhead();
    }

    /// <summary>The next line's result; false after the last line.</summary>
    public bool TryNext(out T result)
    {
        while (_index == _current.Count)
        {
            ReleaseCurrent();
            if (!_ahead.TryDequeue(out var block))
            {
                result = default!;
                return false;
            }
            _current = block.GetAwaiter().GetResult();
            ScheduleAhead();
        }
        result = _current.Items[_index++];
        return true;
    }

    public void Dispose()
    {
        ReleaseCurrent();
        foreach (var block in _ahead)
        {
            try
            {
                block.GetAwaiter().GetResult().Return();
            }
            catch (Exception)
            {
                // Results no one will read: the caller stopped for a reason of its own, which is the one to report.
            }
        }
        _ahead.Clear();
    }

    private void ReleaseCurrent()
    {
        _current.Return();
        _current = new([], 0);
        _index = 0;
    }

    private void ScheduleAhead()
    {
        while (_ahead.Count < _depth && _next < _length)
        {
            var start = _next;
            _next = Math.Min(start + BlockBytes, _length);
            // The last block reads on to the end, wherever the end is by then.
            var stop = _next == _length ? long.MaxValue : _next;
            _ahead.Enqueue(Task.Run(() => Inspect(start, stop)));
        }
    }

    private Results Inspect(long start, long stop)
    {
        var items = ArrayPool<T>.Shared.Rent(4096);
        var count = 0;
        var inspector = _inspector();
        using var lines = LineReader.Open(_path, start, stop);
        while (lines.ReadLine())
        {
            if (count == items.Length)
            {
                var larger = ArrayPool<T>.Shared.Rent(count * 2);
                Array.Copy(items, larger, count);
                ArrayPool<T>.Shared.Return(items);
                items = larger;
            }
            items[count++] = inspector.Inspect(lines.Span, lines.LineOffset);
        }
        return new Results(items, count);
    }

    // One block's results, in an array of the shared pool: scans of chunk after chunk reuse the same arrays.
    private readonly record struct Results(T[] Items, int Count)
    {
        public void Return()
        {
            if (Items.Length > 0)
            {
                ArrayPool<T>.Shared.Return(Items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            }
        }
    }
}
