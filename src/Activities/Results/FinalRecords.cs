using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// One round's final.tsv in seq order, each record with its custom_id and request line, found by walking the round's
/// chunks (.ids and requests in lockstep) alongside: a round's final records are a subsequence of its chunks' records.
/// </summary>
internal sealed class FinalRecords : IDisposable
{
    private readonly TaskLayout _layout;
    private readonly int _round;
    private readonly MergeSource _final;
    private int _chunk = -1;
    private LineReader? _ids;
    private LineReader? _requests;
    private int _idStart;

    public FinalRecords(TaskLayout layout, int round)
    {
        _layout = layout;
        _round = round;
        _final = MergeSource.Final(layout.RoundFinal(round));
    }

    public long Seq => _final.Seq;

    /// <summary><see cref="MergeSource.Error"/> (the line is the last error) or <see cref="MergeSource.Missing"/>.</summary>
    public byte Kind => _final.Kind;

    public ReadOnlySpan<byte> Line => _final.Line;

    public ReadOnlySpan<byte> CustomIdJson => _ids!.Span[_idStart..];

    public ReadOnlySpan<byte> Request => _requests!.Span;

    public bool MoveNext()
    {
        if (!_final.MoveNext())
        {
            return false;
        }
        while (true)
        {
            while (_ids is not null && _ids.ReadLine())
            {
                if (!_requests!.ReadLine())
                {
                    throw new InvalidDataException($"{_layout.ChunkIds(_round, _chunk)} has more lines than its requests file.");
                }
                var seq = SeqLine.Parse(_ids.Span, out _idStart, _layout.ChunkIds(_round, _chunk), _ids.LineNumber);
                if (seq == Seq)
                {
                    return true;
                }
            }
            OpenNextChunk();
        }
    }

    private void OpenNextChunk()
    {
        CloseChunk();
        _chunk++;
        var ids = _layout.ChunkIds(_round, _chunk);
        if (!File.Exists(ids))
        {
            throw new InvalidDataException($"{_final.Path}: record {Seq} is in none of round {_round}'s chunks.");
        }
        _ids = LineReader.OpenDirect(ids);
        _requests = LineReader.OpenDirect(_layout.ChunkRequests(_round, _chunk));
    }

    private void CloseChunk()
    {
        _ids?.Dispose();
        _requests?.Dispose();
        _ids = _requests = null;
    }

    public void Dispose()
    {
        CloseChunk();
        _final.Dispose();
    }
}
