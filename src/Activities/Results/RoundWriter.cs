using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// Everything a round's reconciliation writes, in seq order: succeeded.tsv, failed.jsonl, final.tsv and
/// the next round's chunks. It also walks the previous round's failed.jsonl in lockstep, because a
/// round's records are exactly the previous round's retryable ones, to carry the last error line over.
/// </summary>
internal sealed class RoundWriter : IAsyncDisposable
{
    private readonly TaskLayout _layout;
    private readonly int _round;
    private readonly bool _isLastRound;
    private readonly AtomicLineWriter _succeeded;
    private readonly AtomicLineWriter _failed;
    private readonly AtomicLineWriter _final;
    private readonly ChunkWriter? _nextRound;
    private readonly LineReader? _previous;

    public RoundWriter(TaskLayout layout, int round, bool isLastRound, ChunkLimits limits)
    {
        _layout = layout;
        _round = round;
        _isLastRound = isLastRound;
        _previous = round > 0 ? LineReader.Open(layout.RoundFailed(round - 1)) : null;
        _succeeded = AtomicLineWriter.Create(layout.RoundSucceeded(round));
        _failed = AtomicLineWriter.Create(layout.RoundFailed(round));
        _final = AtomicLineWriter.Create(layout.RoundFinal(round));
        _nextRound = isLastRound ? null : new ChunkWriter(layout, round + 1, limits);
    }

    public long Succeeded => _succeeded.Lines;

    public long Retryable => _failed.Lines;

    public long FailedFinal { get; private set; }

    public long Missing { get; private set; }

    /// <summary>The error line the previous round last gave record <paramref name="seq"/> (empty if none); valid until the next call.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> PreviousErrorAsync(long seq, CancellationToken cancellationToken)
    {
        if (_previous is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        var path = _layout.RoundFailed(_round - 1);
        if (!await _previous.ReadLineAsync(cancellationToken))
        {
            throw new InvalidDataException($"{path} ends before record {seq} of round {_round}: the round's chunks do not match it.");
        }
        var previousSeq = FailedRecord.Parse(_previous.Span, out var error, path, _previous.LineNumber);
        if (previousSeq != seq)
        {
            throw new InvalidDataException($"{path} line {_previous.LineNumber} is record {previousSeq}, but round {_round} has record {seq} there.");
        }
        return _previous.Line[error];
    }

    public ValueTask SucceededAsync(long seq, ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        SeqLine.WritePrefix(_succeeded, seq);
        _succeeded.Write(line.Span);
        return _succeeded.EndLineAsync(cancellationToken);
    }

    public ValueTask PermanentAsync(long seq, ReadOnlyMemory<byte> error, CancellationToken cancellationToken) =>
        FinalAsync(seq, (byte)'E', error, cancellationToken);

    /// <summary>A failure that may succeed later: retried next round, or final when this is the last round.</summary>
    public async ValueTask RetryableAsync(long seq, ReadOnlyMemory<byte> customIdJson, ReadOnlyMemory<byte> lastError, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        if (_isLastRound)
        {
            await (lastError.IsEmpty
                ? FinalAsync(seq, (byte)'M', request, cancellationToken)
                : FinalAsync(seq, (byte)'E', lastError, cancellationToken));
            return;
        }
        FailedRecord.Write(_failed, seq, customIdJson.Span, lastError.Span, request.Span);
        await _failed.EndLineAsync(cancellationToken);
        await _nextRound!.AddAsync(seq, customIdJson, request, cancellationToken);
    }

    public async Task<IReadOnlyList<ChunkInfo>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_previous is not null && await _previous.ReadLineAsync(cancellationToken))
        {
            throw new InvalidDataException(
                $"{_layout.RoundFailed(_round - 1)} line {_previous.LineNumber} is a record that none of round {_round}'s chunks holds.");
        }
        IReadOnlyList<ChunkInfo> next = [];
        if (_nextRound is null)
        {
            ChunkFiles.DeleteFrom(_layout, _round + 1, 0);
        }
        else
        {
            next = await _nextRound.CompleteAsync(cancellationToken);
        }
        await _succeeded.CommitAsync(cancellationToken);
        await _failed.CommitAsync(cancellationToken);
        await _final.CommitAsync(cancellationToken);
        return next;
    }

    private ValueTask FinalAsync(long seq, byte kind, ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        if (kind == (byte)'M')
        {
            Missing++;
        }
        else
        {
            FailedFinal++;
        }
        SeqLine.WritePrefix(_final, seq);
        _final.Write(kind);
        _final.Write((byte)'\t');
        _final.Write(line.Span);
        return _final.EndLineAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_nextRound is not null)
        {
            await _nextRound.DisposeAsync();
        }
        await _succeeded.DisposeAsync();
        await _failed.DisposeAsync();
        await _final.DisposeAsync();
        if (_previous is not null)
        {
            await _previous.DisposeAsync();
        }
    }
}
