using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Chunks;

/// <summary>
/// Cuts a stream of requests (in seq order) into a round's chunk files: the request lines
/// (<see cref="TaskLayout.ChunkRequests"/>) and beside them <c>seq TAB custom_id</c>
/// (<see cref="TaskLayout.ChunkIds"/>). Each file appears atomically when its chunk closes.
/// </summary>
internal sealed class ChunkWriter : IAsyncDisposable
{
    private readonly TaskLayout _layout;
    private readonly int _round;
    private readonly ChunkLimits _limits;
    private readonly List<ChunkInfo> _written = [];
    private AtomicLineWriter? _requests;
    private AtomicLineWriter? _ids;
    private int _records;
    private long _bytes;

    public ChunkWriter(TaskLayout layout, int round, ChunkLimits limits)
    {
        _layout = layout;
        _round = round;
        _limits = limits;
    }

    /// <summary>Adds one request; <paramref name="customIdJson"/> is the id's JSON string content.</summary>
    public async ValueTask AddAsync(long seq, ReadOnlyMemory<byte> customIdJson, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var size = request.Length + 1L;
        if (_requests is not null && (_records >= _limits.MaxRecords || _bytes + size > _limits.MaxBytes))
        {
            await CloseAsync(cancellationToken);
        }
        if (_requests is null)
        {
            var index = _written.Count;
            _requests = AtomicLineWriter.Create(_layout.ChunkRequests(_round, index));
            _ids = AtomicLineWriter.Create(_layout.ChunkIds(_round, index));
        }
        _requests.Write(request.Span);
        await _requests.EndLineAsync(cancellationToken);
        SeqLine.WritePrefix(_ids!, seq);
        _ids!.Write(customIdJson.Span);
        await _ids.EndLineAsync(cancellationToken);
        _records++;
        _bytes += size;
    }

    /// <summary>Closes the last chunk and deletes chunk files a previous run left beyond it.</summary>
    public async Task<IReadOnlyList<ChunkInfo>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_requests is not null)
        {
            await CloseAsync(cancellationToken);
        }
        ChunkFiles.DeleteFrom(_layout, _round, _written.Count);
        return _written;
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        // The .ids file commits last: it is the one that says the chunk's requests are complete.
        await _requests!.CommitAsync(cancellationToken);
        await _ids!.CommitAsync(cancellationToken);
        await DisposeWritersAsync();
        _written.Add(new ChunkInfo(_round, _written.Count, _records, _bytes));
        _records = 0;
        _bytes = 0;
    }

    private async Task DisposeWritersAsync()
    {
        if (_requests is not null)
        {
            await _requests.DisposeAsync();
        }
        if (_ids is not null)
        {
            await _ids.DisposeAsync();
        }
        _requests = null;
        _ids = null;
    }

    public async ValueTask DisposeAsync() => await DisposeWritersAsync();
}
