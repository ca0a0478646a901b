using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// Classifies every record of a round from its chunks' downloaded output and error files: succeeded,
/// failed for good, or retryable (next round's chunks, or final on the last round). Running it again
/// replaces the round's outputs and the next round's chunks.
/// </summary>
public static class RoundReconciler
{
    public static Task<RoundOutcome> ReconcileAsync(
        TaskLayout layout,
        int round,
        int chunkCount,
        bool isLastRound,
        BatchInferConfig config,
        ProviderProfile profile,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return LongRunning.RunAsync(() => Reconcile(layout, round, chunkCount, isLastRound, ChunkLimits.For(config, profile), cancellationToken), cancellationToken);
    }

    private static RoundOutcome Reconcile(TaskLayout layout, int round, int chunkCount, bool isLastRound, ChunkLimits limits, CancellationToken cancellationToken)
    {
        using var writer = new RoundWriter(layout, round, isLastRound, limits);
        long unknown = 0;
        var usage = TokenUsage.Zero;
        using var answers = new ChunkAnswers();
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            answers.Load(layout, round, chunk);
            ClassifyChunk(layout, round, chunk, answers, writer, cancellationToken);
            unknown += answers.UnknownLines;
            usage += answers.Usage;
        }
        var next = writer.Complete();
        return new RoundOutcome(writer.Succeeded, writer.Retryable, writer.FailedFinal, writer.Missing, unknown, next, usage);
    }

    private static void ClassifyChunk(TaskLayout layout, int round, int chunk, ChunkAnswers answers, RoundWriter writer, CancellationToken cancellationToken)
    {
        var idsPath = layout.ChunkIds(round, chunk);
        var ids = answers.Ids;
        // Only a record that goes on to another round (or to missing_records) needs its request line; a chunk
        // without one is not read again, which was as many bytes of disk reads as the chunk itself (measured).
        using var requests = answers.AllSettled() ? null : LineReader.OpenDirect(layout.ChunkRequests(round, chunk));
        for (var record = 0; record < ids.Count;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var end = answers.LoadWindow(record); record < end; record++)
            {
                if (requests is not null && !requests.ReadLine())
                {
                    throw new InvalidDataException($"{idsPath} has more lines than its requests file.");
                }
                var seq = ids.Seq(record);
                var previousError = writer.PreviousError(seq);
                if (answers.HasSuccess(record))
                {
                    writer.WriteSucceeded(seq, answers.Line(record));
                }
                else if (answers.HasPermanentError(record))
                {
                    writer.WritePermanent(seq, answers.Line(record));
                }
                else
                {
                    var lastError = answers.HasError(record) ? answers.Line(record) : previousError;
                    writer.WriteRetryable(seq, ids.Json(record), lastError, requests!.Span);
                }
            }
        }
        if (requests is not null && requests.ReadLine())
        {
            throw new InvalidDataException($"{idsPath} has fewer lines than its requests file.");
        }
    }
}
