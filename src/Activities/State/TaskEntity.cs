namespace BatchInfer.Activities.State;

/// <summary>Where a task stands. Order matters: a task only moves forward.</summary>
public enum TaskPhase
{
    Splitting = 0,
    Running = 1,
    Merging = 2,
    Finished = 3,
}

/// <summary>How a finished task ended; decides the exit code (docs/results.md).</summary>
public enum TaskOutcome
{
    None = 0,
    AllSucceeded = 1,
    SomeFailed = 2,
    Cancelled = 3,
}

/// <summary>One task's durable state (table <c>tasks</c>). Records themselves live in files, not here.</summary>
public sealed class TaskEntity
{
    public required string TaskId { get; set; }

    public required string InputPath { get; set; }

    /// <summary>Size and a hash of the input's head and tail: the same command with another input is refused.</summary>
    public required string InputFingerprint { get; set; }

    /// <summary>The configuration the task was started with, as JSON, password removed.</summary>
    public required string ConfigJson { get; set; }

    public required string ConfigFingerprint { get; set; }

    /// <summary>The password encrypted by the daemon's Data Protection keys, so that it can resume the task by itself; never the clear text.</summary>
    public string? ProtectedPassword { get; set; }

    public string? WorkflowId { get; set; }

    public TaskPhase Phase { get; set; }

    public TaskOutcome Outcome { get; set; }

    public int CurrentRound { get; set; }

    public long PhysicalLines { get; set; }

    public long BlankLines { get; set; }

    public long ValidRecords { get; set; }

    public long InvalidRecords { get; set; }

    public long Succeeded { get; set; }

    public long FailedFinal { get; set; }

    public long Missing { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    /// <summary>Why the task cannot progress right now (e.g. the credential was refused); cleared when it does.</summary>
    public string? BlockedReason { get; set; }

    /// <summary>Set by a cancel request; the steps settle what is left and the merge marks the task Cancelled.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Set by a pause request: no new batch is created for the task until it is resumed; batches created go on.</summary>
    public bool Paused { get; set; }

    /// <summary>
    /// The round the latest operator retry (-retry) runs in, 0 when there was none. Set by the request; the task's
    /// retry-failed step opens that round from every record whose failure had become final, and it is the task's last round.
    /// </summary>
    public int RetryRound { get; set; }

    /// <summary>
    /// The first round whose final files (failed for good, missing) still count: an operator retry sent every record of
    /// the rounds before it again, so the merge reads their final files no more.
    /// </summary>
    public int FirstFinalRound { get; set; }

    /// <summary>
    /// When the task's approve step began to hold it after its plan (the definition has one); null before, and for a
    /// definition without that step. With <see cref="ApprovedAt"/> still null, the task awaits approval.
    /// </summary>
    public DateTimeOffset? ApprovalRequestedAt { get; set; }

    /// <summary>When a person approved the plan (-approve, the API, the Studio); the approve step lets the task go on.</summary>
    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>
    /// The pipeline definition version the task started with (docs/studio.md, Designer): its workflow instances run that
    /// version's steps to the end, across daemon restarts, whatever version is published later. 1 for tasks of state
    /// files from before versions were kept.
    /// </summary>
    public int DefinitionVersion { get; set; } = 1;

    /// <summary>The file of <see cref="DefinitionVersion"/> as it was when the task started ("built-in" for the definition in code).</summary>
    public string? DefinitionSource { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
