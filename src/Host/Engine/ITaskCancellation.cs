namespace BatchInfer.Host.Engine;

/// <summary>What a cancel request found.</summary>
internal enum CancelOutcome
{
    /// <summary>The task will stop scheduling, cancel its batches, salvage and merge what it has.</summary>
    Requested,
    AlreadyFinished,
    Unknown,
}

/// <summary>Asks a running task to stop (issue 3 §5); the engine implements it, the API and command line call it.</summary>
internal interface ITaskCancellation
{
    Task<CancelOutcome> RequestAsync(string taskId, CancellationToken cancellationToken);
}
