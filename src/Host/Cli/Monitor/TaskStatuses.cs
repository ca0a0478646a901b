namespace BatchInfer.Host.Cli.Monitor;

/// <summary>The status strings of <see cref="Api.TaskSummaryDto.Status"/>: what each means on screen.</summary>
internal static class TaskStatuses
{
    /// <summary>A finished task no longer changes: the live view shows it once more and stops.</summary>
    public static bool IsFinished(string status) => status is "succeeded" or "finished_with_failures" or "cancelled";

    public static string Style(string status) => status switch
    {
        "succeeded" => "green bold",
        "finished_with_failures" => "yellow bold",
        "blocked" => "red bold",
        "paused" => "yellow",
        "cancelling" or "cancelled" => "grey bold",
        _ => "cyan bold",
    };

    /// <summary>A line telling what the task is doing, for the statuses where the numbers alone do not say it.</summary>
    public static string? Note(string status) => status switch
    {
        "splitting" => "splitting the input into chunks",
        "merging" => "merging the answers in input order",
        "paused" => "paused: no new batches are created until batch_infer -resume; created ones go on",
        "cancelling" => "cancelling: remote batches are being cancelled, partial output kept",
        "cancelled" => "cancelled: unprocessed records are in missing_records.jsonl",
        "finished_with_failures" => "some records failed: see error_retry0.jsonl, missing_records.jsonl",
        "succeeded" => "all records answered",
        _ => null,
    };
}
