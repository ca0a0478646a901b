using BatchInfer.Activities.State;

namespace BatchInfer.Host.Engine;

/// <summary>The status of a task in the read models, and the exit code the command line gives for it (docs/results.md).</summary>
internal static class TaskStatusNames
{
    public const string Splitting = "splitting";
    public const string Running = "running";
    public const string Merging = "merging";
    public const string Succeeded = "succeeded";
    public const string FinishedWithFailures = "finished_with_failures";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";
    public const string Blocked = "blocked";
    public const string Paused = "paused";
    public const string AwaitingApproval = "awaiting_approval";

    public static string Of(TaskEntity task, string? blockedReason) => task.Phase switch
    {
        // Invalid input lines are records that got no answer: the task did not fully succeed.
        TaskPhase.Finished when task.Outcome == TaskOutcome.AllSucceeded && task.InvalidRecords == 0 => Succeeded,
        TaskPhase.Finished when task.Outcome == TaskOutcome.Cancelled => Cancelled,
        TaskPhase.Finished => FinishedWithFailures,
        _ when task.CancelRequested => Cancelling,
        _ when blockedReason is not null => Blocked,
        _ when task.ApprovalRequestedAt is not null && task.ApprovedAt is null => AwaitingApproval,
        _ when task.Paused => Paused,
        TaskPhase.Splitting => Splitting,
        TaskPhase.Merging => Merging,
        _ => Running,
    };

    public static bool IsFinal(string status) => status is Succeeded or FinishedWithFailures or Cancelled;
}
