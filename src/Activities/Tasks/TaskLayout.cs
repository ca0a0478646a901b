using System.Globalization;

namespace BatchInfer.Activities.Tasks;

/// <summary>
/// Where a task's files live under the working directory. Every file here is written to a temporary
/// name and renamed into place, so a file that exists is complete.
/// </summary>
public sealed class TaskLayout
{
    public TaskLayout(string workDirectory, string taskId)
    {
        WorkDirectory = Path.GetFullPath(workDirectory);
        TaskId = taskId;
        ChunksDirectory = Path.Combine(WorkDirectory, "chunks", taskId);
        MergedDirectory = Path.Combine(WorkDirectory, "merged", taskId);
    }

    /// <summary>The files of merged/&lt;task&gt;/, in the order of the properties below (Output, Errors, Missing, InvalidInput, Summary).</summary>
    public static IReadOnlyList<string> MergedFileNames { get; } =
        ["output.jsonl", "error_retry0.jsonl", "missing_records.jsonl", "invalid_input.jsonl", "summary.json"];

    public string WorkDirectory { get; }

    public string TaskId { get; }

    /// <summary>chunks/&lt;task&gt;/: the uploaded chunk files, downloaded results and per-round bookkeeping.</summary>
    public string ChunksDirectory { get; }

    /// <summary>merged/&lt;task&gt;/: what the user reads.</summary>
    public string MergedDirectory { get; }

    public string RoundDirectory(int round) => Path.Combine(ChunksDirectory, "r" + round.ToString(CultureInfo.InvariantCulture));

    private string ChunkPath(int round, int chunk, string suffix) =>
        Path.Combine(RoundDirectory(round), "c" + chunk.ToString("D5", CultureInfo.InvariantCulture) + suffix);

    /// <summary>The request lines uploaded for a chunk, exactly as sent.</summary>
    public string ChunkRequests(int round, int chunk) => ChunkPath(round, chunk, ".jsonl");

    /// <summary>One line per request of <see cref="ChunkRequests"/>, same order: <c>seq TAB custom_id</c>.</summary>
    public string ChunkIds(int round, int chunk) => ChunkPath(round, chunk, ".ids");

    /// <summary>The batch's output file as downloaded (absent when the batch produced none).</summary>
    public string ChunkOutput(int round, int chunk) => ChunkPath(round, chunk, ".output.jsonl");

    /// <summary>The batch's error file as downloaded (absent when the batch produced none).</summary>
    public string ChunkErrors(int round, int chunk) => ChunkPath(round, chunk, ".error.jsonl");

    /// <summary>Records that succeeded in a round, in seq order: <c>seq TAB provider line</c>.</summary>
    public string RoundSucceeded(int round) => Path.Combine(RoundDirectory(round), "succeeded.tsv");

    /// <summary>Records that failed in a round and may be retried, in seq order (JSON lines).</summary>
    public string RoundFailed(int round) => Path.Combine(RoundDirectory(round), "failed.jsonl");

    /// <summary>Records whose failure became final in a round, in seq order: <c>seq TAB kind TAB line</c>.</summary>
    public string RoundFinal(int round) => Path.Combine(RoundDirectory(round), "final.tsv");

    public string Output => Path.Combine(MergedDirectory, MergedFileNames[0]);

    public string Errors => Path.Combine(MergedDirectory, MergedFileNames[1]);

    public string Missing => Path.Combine(MergedDirectory, MergedFileNames[2]);

    public string InvalidInput => Path.Combine(MergedDirectory, MergedFileNames[3]);

    public string Summary => Path.Combine(MergedDirectory, MergedFileNames[4]);
}
