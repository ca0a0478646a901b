using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Chunks;

/// <summary>
/// Cuts a stream of requests (in seq order) into a round's chunk files: the request lines
/// (<see cref="TaskLayout.ChunkRequests"/>) and beside them <c>seq TAB custom_id</c>
/// (<see cref="TaskLayout.ChunkIds"/>). Each file appears atomically when its chunk closes.
/// </summary>
internal sealed class ChunkWriter : IDisposable
{
    private readonly TaskLayout _layout;
    private readonly int _round;
    private readonly ChunkLimits _limits;
    private readonly List<ChunkInfo> _written = [];
    private AtomicLineWriter? _requests;
    private AtomicLineWriter? _ids;
    private Task _committing = Task.CompletedTask;
    private int _records;
    private long _bytes;

    public ChunkWriter(TaskLayout layout, int round, ChunkLimits limits)
    {
        _layout = layout;
        _round = round;
        _limits = limits;
    }

    /// <summary>Adds one request; <paramref name="customIdJson"/> is the id's JSON string content.</summary>
    public void Add(long seq, ReadOnlySpan<byte> customIdJson, RequestLine request)
    {
        var size = request.Length + 1L;
        if (_limits.StartsNewChunk(_records, _bytes, size))
        {
            Close();
        }
        if (_requests is null)
        {
            var index = _written.Count;
            _requests = AtomicLineWriter.Create(_layout.ChunkRequests(_round, index));
            _ids = AtomicLineWriter.Create(_layout.ChunkIds(_round, index));
        }
        request.WriteTo(_requests);
        _requests.EndLine();
        SeqLine.WritePrefix(_ids!, seq);
        _ids!.Write(customIdJson);
        _ids.EndLine();
        _records++;
        _bytes += size;
    }

    /// <summary>Closes the last chunk, waits until every chunk is on disk and deletes chunk files a previous run left beyond it.</summary>
    public IReadOnlyList<ChunkInfo> Complete()
    {
        if (_requests is not null)
        {
            Close();
        }
        _committing.GetAwaiter().GetResult();
        ChunkFiles.DeleteFrom(_layout, _round, _written.Count);
        return _written;
    }

    // A chunk commits on a thread of its own while the next one fills, so its flush to disk costs no time here;
    // commits run one after another, each chunk's .ids file last: it says the chunk's requests are complete.
    private void Close()
    {
        var (requests, ids) = (_requests!, _ids!);
        _requests = _ids = null;
        _committing.GetAwaiter().GetResult();
        _committing = Task.Factory.StartNew(
            () =>
            {
                using (requests)
                using (ids)
                {
                    requests.Commit();
                    ids.Commit();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        _written.Add(new ChunkInfo(_round, _written.Count, _records, _bytes));
        _records = 0;
        _bytes = 0;
    }

    public void Dispose()
    {
        _requests?.Dispose();
        _ids?.Dispose();
        try
        {
            _committing.Wait();
        }
        catch (AggregateException)
        {
            // Only reached when the split already failed; that failure is the one reported.
        }
    }
}
