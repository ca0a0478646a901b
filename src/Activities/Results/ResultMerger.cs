using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// Merges every round's succeeded and final files by seq into the user's files, in input order:
/// output.jsonl, error_retry0.jsonl (kind E) and missing_records.jsonl (kind M). Memory is one reader
/// per round and file; a seq met twice stops the merge, because it would break the accounting.
/// </summary>
public static class ResultMerger
{
    public static async Task<MergeResult> MergeAsync(TaskLayout layout, int lastRound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var sources = new List<MergeSource>();
        try
        {
            for (var round = 0; round <= lastRound; round++)
            {
                sources.Add(MergeSource.Succeeded(layout.RoundSucceeded(round)));
                sources.Add(MergeSource.Final(layout.RoundFinal(round)));
            }
            return await MergeAsync(layout, sources, cancellationToken);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    private static async Task<MergeResult> MergeAsync(TaskLayout layout, List<MergeSource> sources, CancellationToken cancellationToken)
    {
        var queue = new PriorityQueue<MergeSource, long>(sources.Count);
        foreach (var source in sources)
        {
            if (await source.MoveNextAsync(cancellationToken))
            {
                queue.Enqueue(source, source.Seq);
            }
        }
        await using var output = AtomicLineWriter.Create(layout.Output);
        await using var errors = AtomicLineWriter.Create(layout.Errors);
        await using var missing = AtomicLineWriter.Create(layout.Missing);
        long previous = 0;
        while (queue.TryDequeue(out var source, out var seq))
        {
            if (seq <= previous)
            {
                throw new InvalidDataException($"Record {seq} is in {source.Path} and in another round file (or out of order): the round files disagree.");
            }
            previous = seq;
            var target = source.Kind switch
            {
                MergeSource.Success => output,
                MergeSource.Error => errors,
                _ => missing,
            };
            target.Write(source.Line);
            await target.EndLineAsync(cancellationToken);
            if (await source.MoveNextAsync(cancellationToken))
            {
                queue.Enqueue(source, source.Seq);
            }
        }
        await output.CommitAsync(cancellationToken);
        await errors.CommitAsync(cancellationToken);
        await missing.CommitAsync(cancellationToken);
        return new MergeResult(output.Lines, errors.Lines, missing.Lines);
    }
}
