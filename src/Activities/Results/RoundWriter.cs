using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// Everything a round's reconciliation writes, in seq order: succeeded.tsv, failed.jsonl, final.tsv and
/// the next round's chunks. It also walks the previous round's failed.jsonl in lockstep, because a
/// round's records are exactly the previous round's retryable ones, to carry the last error line over.
/// </summary>
internal sealed class RoundWriter : IDisposable
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
        _previous = round > 0 ? LineReader.OpenDirect(layout.RoundFailed(round - 1)) : null;
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
    public ReadOnlySpan<byte> PreviousError(long seq)
    {
        if (_previous is null)
        {
            return [];
        }
        var path = _layout.RoundFailed(_round - 1);
        if (!_previous.ReadLine())
        {
            throw new InvalidDataException($"{path} ends before record {seq} of round {_round}: the round's chunks do not match it.");
        }
        var previousSeq = FailedRecord.Parse(_previous.Span, out var error, path, _previous.LineNumber);
        if (previousSeq != seq)
        {
            throw new InvalidDataException($"{path} line {_previous.LineNumber} is record {previousSeq}, but round {_round} has record {seq} there.");
        }
        return _previous.Span[error];
    }

    public void WriteSucceeded(long seq, ReadOnlySpan<byte> line)
    {
        SeqLine.WritePrefix(_succeeded, seq);
        _succeeded.Write(line);
        _succeeded.EndLine();
    }

    public void WritePermanent(long seq, ReadOnlySpan<byte> error) => Final(seq, (byte)'E', error);

    /// <summary>A failure that may succeed later: retried next round, or final when this is the last round.</summary>
    public void WriteRetryable(long seq, ReadOnlySpan<byte> customIdJson, ReadOnlySpan<byte> lastError, ReadOnlySpan<byte> request)
    {
        if (_isLastRound)
        {
            if (lastError.IsEmpty)
            {
                Final(seq, (byte)'M', request);
            }
            else
            {
                Final(seq, (byte)'E', lastError);
            }
            return;
        }
        FailedRecord.Write(_failed, seq, customIdJson, lastError, request);
        _failed.EndLine();
        _nextRound!.Add(seq, customIdJson, new RequestLine(request));
    }

    public IReadOnlyList<ChunkInfo> Complete()
    {
        if (_previous is not null && _previous.ReadLine())
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
            next = _nextRound.Complete();
        }
        _succeeded.Commit();
        _failed.Commit();
        _final.Commit();
        return next;
    }

    private void Final(long seq, byte kind, ReadOnlySpan<byte> line)
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
        _final.Write(line);
        _final.EndLine();
    }

    public void Dispose()
    {
        _nextRound?.Dispose();
        _succeeded.Dispose();
        _failed.Dispose();
        _final.Dispose();
        _previous?.Dispose();
    }
}
