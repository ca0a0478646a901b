namespace BatchInfer.Activities.State;

/// <summary>
/// One line of a task's journal (table <c>journal</c>): an operator action, a phase change of the task or a change of a
/// chunk that matters. Each is added to the context that saves the change itself, so it commits with it or not at all.
/// </summary>
public sealed class JournalEntry
{
    /// <summary>Grows with every entry of every task: newest first is highest first, and a page goes on before the lowest seen.</summary>
    public long Id { get; set; }

    public required string TaskId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>One of <see cref="JournalKinds"/>.</summary>
    public required string Kind { get; set; }

    public int Round { get; set; }

    /// <summary>The chunk the entry is about; null for the task as a whole.</summary>
    public int? Chunk { get; set; }

    public required string Message { get; set; }
}

/// <summary>The kinds of journal entries (a documented list: add, never rename).</summary>
public static class JournalKinds
{
    // Operator actions.
    public const string Cancel = "cancel";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string RetryFailed = "retry_failed";
    public const string Approve = "approve";

    // The task's phases.
    public const string Split = "split";
    public const string RoundStarted = "round_started";
    public const string Merge = "merge";
    public const string Finished = "finished";
    public const string DaemonResumed = "daemon_resumed";
    public const string AwaitingApproval = "awaiting_approval";

    // The optional steps after the merge: what each did, success or failure (neither changes the task's outcome).
    public const string Notify = "notify";
    public const string RunCommand = "run_command";

    // A chunk's batch.
    public const string BatchCreated = "batch_created";
    public const string BatchEnded = "batch_ended";
    public const string Downloaded = "downloaded";
    public const string Error = "error";

    public static IReadOnlyList<string> All { get; } =
        [
            Cancel, Pause, Resume, RetryFailed, Approve, Split, RoundStarted, Merge, Finished, DaemonResumed, AwaitingApproval,
            Notify, RunCommand, BatchCreated, BatchEnded, Downloaded, Error,
        ];
}

public static class JournalContextExtensions
{
    /// <summary>Adds a journal entry to <paramref name="db"/>; it is written by the context's next save, with the change it tells of.</summary>
    public static void AddJournal(this StateDbContext db, string taskId, int round, int? chunk, string kind, string message, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Journal.Add(new JournalEntry { TaskId = taskId, At = at, Kind = kind, Round = round, Chunk = chunk, Message = message });
    }
}
