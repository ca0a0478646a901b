using BatchInfer.Activities.State;
using BatchInfer.Host.Api;

namespace BatchInfer.Host.Studio.Components.Parts;

/// <summary>One round of a task on its timeline.</summary>
/// <param name="EndedAt">when its reconciliation opened the next round or sent the task to its merge; null while it runs</param>
/// <param name="Answered">requests the provider reports answered, over the round's batches</param>
/// <param name="Failed">requests the provider reports failed</param>
/// <param name="SentAgain">records the next round sends again (0 after the last round; null while the round runs)</param>
internal sealed record RoundRow(
    int Round, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int Chunks, long Records, long Answered, long Failed, long? SentAgain);

/// <summary>The rounds' timeline from the task's chunks and its journal's round_started and merge entries.</summary>
internal static class RoundRows
{
    /// <param name="marks">the journal's round_started and merge entries, oldest first</param>
    public static IReadOnlyList<RoundRow> Of(IReadOnlyList<ChunkDto> chunks, IReadOnlyList<JournalEntryDto> marks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(marks);
        var rounds = new SortedDictionary<int, (int Chunks, long Records, long Answered, long Failed)>();
        foreach (var chunk in chunks)
        {
            var sum = rounds.GetValueOrDefault(chunk.Round);
            rounds[chunk.Round] = (sum.Chunks + 1, sum.Records + chunk.Records, sum.Answered + chunk.Completed, sum.Failed + chunk.Failed);
        }
        return [.. rounds.Select(pair =>
        {
            var (round, sum) = (pair.Key, pair.Value);
            var started = marks.FirstOrDefault(m => m.Kind == JournalKinds.RoundStarted && m.Round == round)?.At;
            // A round ends in its reconciliation: with the next round's start, or with the merge when it was the last.
            var ended = marks.FirstOrDefault(m => (m.Kind == JournalKinds.RoundStarted && m.Round == round + 1) || (m.Kind == JournalKinds.Merge && m.Round == round))?.At;
            long? sentAgain = rounds.TryGetValue(round + 1, out var next) ? next.Records : ended is null ? null : 0;
            return new RoundRow(round, started, ended, sum.Chunks, sum.Records, sum.Answered, sum.Failed, sentAgain);
        })];
    }
}
