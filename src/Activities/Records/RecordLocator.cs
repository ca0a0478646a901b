using System.Globalization;
using System.Text;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Records;

/// <summary>Where a record stands now: still to be answered in its round, answered, or failed for good (with an error line or none at all).</summary>
public enum RecordOutcome
{
    Pending,
    Answered,
    Failed,
    Missing,
}

/// <param name="Round">the last round that holds the record (0-based), the one whose outcome counts</param>
/// <param name="Chunk">its chunk in that round</param>
/// <param name="Line">its line in the input (1-based), which is its seq</param>
/// <param name="ErrorLine">the provider's last error line for a failed record, else null</param>
public sealed record RecordLocation(int Round, int Chunk, long Line, RecordOutcome Outcome, string? ErrorLine);

/// <summary>
/// Finds a record of a task by its custom_id from the files the task writes (TaskLayout): the rounds' .ids files say
/// which chunks hold it, and the last of those rounds, once reconciled, says how it ended.
/// </summary>
public static class RecordLocator
{
    /// <summary>The record of <paramref name="customId"/>, or null when no chunk of the task holds it. Reads synchronously: call it off the request's thread.</summary>
    public static RecordLocation? Locate(TaskLayout layout, CustomIdMatcher matcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(matcher);
        (int Round, int Chunk, long Seq)? last = null;
        // Every round: one cut by an operator retry (-retry) holds records that earlier rounds had ended, so a round
        // without the record does not mean that the later ones are without it too. Later rounds are small.
        for (var round = 0; Directory.Exists(layout.RoundDirectory(round)); round++)
        {
            foreach (var chunk in ChunksOf(layout, round))
            {
                if (IdsFileSearch.FindSeq(layout.ChunkIds(round, chunk), matcher, cancellationToken) is { } seq)
                {
                    last = (round, chunk, seq);
                    break;
                }
            }
        }
        return last is { } at ? OutcomeIn(layout, at.Round, at.Chunk, at.Seq) : null;
    }

    private static RecordLocation OutcomeIn(TaskLayout layout, int round, int chunk, long seq)
    {
        // final.tsv is committed last of a round's reconciliation: without it, the round's records are still open.
        var final = layout.RoundFinal(round);
        if (!File.Exists(final))
        {
            return new RecordLocation(round, chunk, seq, RecordOutcome.Pending, null);
        }
        if (SeqOrderedFile.FindLine(layout.RoundSucceeded(round), seq) is not null)
        {
            return new RecordLocation(round, chunk, seq, RecordOutcome.Answered, null);
        }
        // A final line is "kind TAB line": E with the last error line, M with the request that never got an answer.
        return SeqOrderedFile.FindLine(final, seq) switch
        {
            [(byte)'E', (byte)'\t', .. var error] => new RecordLocation(round, chunk, seq, RecordOutcome.Failed, Encoding.UTF8.GetString(error)),
            [(byte)'M', ..] => new RecordLocation(round, chunk, seq, RecordOutcome.Missing, null),
            // Neither: retryable in this round, and the next round's chunks are not on disk (yet).
            _ => new RecordLocation(round, chunk, seq, RecordOutcome.Pending, null),
        };
    }

    // The chunk numbers of a round's .ids files, in order (c00000.ids, c00001.ids, …).
    private static IEnumerable<int> ChunksOf(TaskLayout layout, int round) =>
        Directory.EnumerateFiles(layout.RoundDirectory(round), "c*.ids")
            .Select(path => Path.GetFileNameWithoutExtension(path)[1..])
            .Select(number => int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var chunk) ? chunk : -1)
            .Where(chunk => chunk >= 0)
            .Order();
}
