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
    public static async Task<RoundOutcome> ReconcileAsync(
        TaskLayout layout,
        int round,
        int chunkCount,
        bool isLastRound,
        BatchInferConfig config,
        ProviderProfile profile,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        await using var writer = new RoundWriter(layout, round, isLastRound, ChunkLimits.For(config, profile));
        long unknown = 0;
        var usage = TokenUsage.Zero;
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            using var answers = await ChunkAnswers.LoadAsync(layout, round, chunk, cancellationToken);
            await ClassifyChunkAsync(layout, round, chunk, answers, writer, cancellationToken);
            unknown += answers.UnknownLines;
            usage += answers.Usage;
        }
        var next = await writer.CompleteAsync(cancellationToken);
        return new RoundOutcome(writer.Succeeded, writer.Retryable, writer.FailedFinal, writer.Missing, unknown, next, usage);
    }

    private static async Task ClassifyChunkAsync(TaskLayout layout, int round, int chunk, ChunkAnswers answers, RoundWriter writer, CancellationToken cancellationToken)
    {
        var idsPath = layout.ChunkIds(round, chunk);
        await using var ids = LineReader.Open(idsPath);
        await using var requests = LineReader.Open(layout.ChunkRequests(round, chunk));
        var record = 0;
        while (await ids.ReadLineAsync(cancellationToken))
        {
            if (!await requests.ReadLineAsync(cancellationToken))
            {
                throw new InvalidDataException($"{idsPath} has more lines than its requests file.");
            }
            var seq = SeqLine.Parse(ids.Span, out var idStart, idsPath, ids.LineNumber);
            var previousError = await writer.PreviousErrorAsync(seq, cancellationToken);
            if (answers.HasSuccess(record))
            {
                await writer.SucceededAsync(seq, answers.ReadSuccess(record), cancellationToken);
            }
            else if (answers.HasError(record) && answers.IsPermanentError(record))
            {
                await writer.PermanentAsync(seq, answers.ReadError(record), cancellationToken);
            }
            else
            {
                var lastError = answers.HasError(record) ? answers.ReadError(record) : previousError;
                await writer.RetryableAsync(seq, ids.Line[idStart..], lastError, requests.Line, cancellationToken);
            }
            record++;
        }
        if (await requests.ReadLineAsync(cancellationToken))
        {
            throw new InvalidDataException($"{idsPath} has fewer lines than its requests file.");
        }
    }
}
