using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// Cuts an operator retry round (-retry) from every record whose failure had become final in rounds
/// <c>firstFinalRound</c>..<c>lastRound</c>: its chunks, and the last round's failed.jsonl, which the retry round's
/// reconciliation walks in lockstep to carry each record's last error over (exactly as for a round cut by
/// <see cref="RoundReconciler"/>). Reads only files the finished rounds wrote, so running it again writes the same.
/// </summary>
public static class FinalRecordsRetry
{
    public static Task<RetryCut> CutAsync(
        TaskLayout layout, int firstFinalRound, int lastRound, BatchInferConfig config, ProviderProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return LongRunning.RunAsync(() => Cut(layout, firstFinalRound, lastRound, ChunkLimits.For(config, profile), cancellationToken), cancellationToken);
    }

    private static RetryCut Cut(TaskLayout layout, int firstFinalRound, int lastRound, ChunkLimits limits, CancellationToken cancellationToken)
    {
        var retryRound = lastRound + 1;
        // Whatever an interrupted run left of the retry round, downloads included, must not pass for this run's.
        ChunkFiles.DeleteFrom(layout, retryRound, 0);
        var sources = new List<FinalRecords>();
        try
        {
            var queue = new PriorityQueue<FinalRecords, long>();
            for (var round = firstFinalRound; round <= lastRound; round++)
            {
                var source = new FinalRecords(layout, round);
                sources.Add(source);
                if (source.MoveNext())
                {
                    queue.Enqueue(source, source.Seq);
                }
            }
            using var failed = AtomicLineWriter.Create(layout.RoundFailed(lastRound));
            using var chunks = new ChunkWriter(layout, retryRound, limits);
            long errors = 0;
            long missing = 0;
            while (queue.TryDequeue(out var source, out _))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var hadError = source.Kind == MergeSource.Error;
                errors += hadError ? 1 : 0;
                missing += hadError ? 0 : 1;
                FailedRecord.Write(failed, source.Seq, source.CustomIdJson, hadError ? source.Line : [], source.Request);
                failed.EndLine();
                chunks.Add(source.Seq, source.CustomIdJson, new RequestLine(source.Request));
                if (source.MoveNext())
                {
                    queue.Enqueue(source, source.Seq);
                }
            }
            var cut = chunks.Complete();
            failed.Commit();
            return new RetryCut(cut, errors, missing);
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }
}

/// <summary>An operator retry round's chunks, and how many of its records had ended failed (with an error line) or missing.</summary>
public sealed record RetryCut(IReadOnlyList<ChunkInfo> Chunks, long Failed, long Missing);
