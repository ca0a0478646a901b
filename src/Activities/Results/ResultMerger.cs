using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// Merges every round's succeeded and final files by seq into the user's files, in input order:
/// output.jsonl, error_retry0.jsonl (kind E) and missing_records.jsonl (kind M). Memory is one reader
/// per round and file; a seq met twice stops the merge, because it would break the accounting. The final files of rounds
/// before <c>firstFinalRound</c> are left out: an operator's retry sent all their records again.
/// </summary>
public static class ResultMerger
{
    public static Task<MergeResult> MergeAsync(TaskLayout layout, int firstFinalRound, int lastRound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return LongRunning.RunAsync(() => Merge(layout, firstFinalRound, lastRound, cancellationToken), cancellationToken);
    }

    private static MergeResult Merge(TaskLayout layout, int firstFinalRound, int lastRound, CancellationToken cancellationToken)
    {
        var sources = new List<MergeSource>();
        try
        {
            for (var round = 0; round <= lastRound; round++)
            {
                sources.Add(MergeSource.Succeeded(layout.RoundSucceeded(round)));
                if (round >= firstFinalRound)
                {
                    sources.Add(MergeSource.Final(layout.RoundFinal(round)));
                }
            }
            return Merge(layout, sources, cancellationToken);
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }

    private static MergeResult Merge(TaskLayout layout, List<MergeSource> sources, CancellationToken cancellationToken)
    {
        var queue = new PriorityQueue<MergeSource, long>(sources.Count);
        foreach (var source in sources.Where(s => s.MoveNext()))
        {
            queue.Enqueue(source, source.Seq);
        }
        using var output = AtomicLineWriter.Create(layout.Output);
        using var errors = AtomicLineWriter.Create(layout.Errors);
        using var missing = AtomicLineWriter.Create(layout.Missing);
        long previous = 0;
        while (queue.TryDequeue(out var source, out _))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Most records sit in one file (round 0's successes): it is read on while it holds the lowest seq.
            var otherwise = queue.TryPeek(out _, out var next) ? next : long.MaxValue;
            bool more;
            do
            {
                if (source.Seq <= previous)
                {
                    throw new InvalidDataException($"Record {source.Seq} is in {source.Path} and in another round file (or out of order): the round files disagree.");
                }
                previous = source.Seq;
                var target = source.Kind switch
                {
                    MergeSource.Success => output,
                    MergeSource.Error => errors,
                    _ => missing,
                };
                target.Write(source.Line);
                target.EndLine();
                more = source.MoveNext();
            }
            while (more && source.Seq < otherwise);
            if (more)
            {
                queue.Enqueue(source, source.Seq);
            }
        }
        output.Commit();
        errors.Commit();
        missing.Commit();
        return new MergeResult(output.Lines, errors.Lines, missing.Lines);
    }
}
