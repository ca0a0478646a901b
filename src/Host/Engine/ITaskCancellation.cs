namespace BatchInfer.Host.Engine;

/// <summary>Asks a task to stop: its steps settle what is left, and the merge marks it Cancelled.</summary>
internal interface ITaskCancellation
{
    Task<CancelOutcome> RequestAsync(string taskId, CancellationToken cancellationToken);
}

internal enum CancelOutcome
{
    /// <summary>The flag is set (or already was); the task will end Cancelled.</summary>
    Requested,

    AlreadyFinished,

    Unknown,
}
