using Microsoft.Extensions.Logging;

namespace BatchInfer.Activities.Steps;

/// <summary>The steps' log lines, source-generated, with the same property names everywhere.</summary>
internal static partial class StepLog
{
    /// <summary>
    /// Tags every line logged while a step runs, the HTTP client's and the engine's included, with where it
    /// belongs: the file log prints it as "task A r0 c12" (property <c>Where</c>).
    /// </summary>
    public static IDisposable? Scope(ILogger logger, string taskId, int? round, int? chunk) =>
        logger.BeginScope(new Dictionary<string, object>
        {
            ["TaskId"] = taskId,
            ["Where"] = round is null ? $"task {taskId}" : $"task {taskId} r{round} c{chunk}",
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round} chunk {Chunk}: adopted existing batch {BatchId}")]
    public static partial void AdoptedBatch(ILogger logger, string taskId, int round, int chunk, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} round {Round} chunk {Chunk}: {Step} failed, retrying in {Backoff}: {Error}")]
    public static partial void StepFailed(ILogger logger, string taskId, int round, int chunk, string step, TimeSpan backoff, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId}: merged counts {Merged} differ from the rounds' counts ({Succeeded}, {Failed}, {Missing})")]
    public static partial void MergeCountsDiffer(ILogger logger, string taskId, string merged, long succeeded, long failed, long missing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round}: {Succeeded} succeeded, {Retryable} to retry, {Failed} failed, {Missing} missing")]
    public static partial void RoundReconciled(ILogger logger, string taskId, int round, long succeeded, long retryable, long failed, long missing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round} chunk {Chunk}: cancelled before its batch was created; its {Records} records are settled unsent")]
    public static partial void SettledWithoutBatch(ILogger logger, string taskId, int round, int chunk, int records);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round} chunk {Chunk}: asked the provider to cancel batch {BatchId} (now {Status})")]
    public static partial void BatchCancelSent(ILogger logger, string taskId, int round, int chunk, string batchId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round} chunk {Chunk}: batch {BatchId} had already ended, nothing to cancel")]
    public static partial void BatchAlreadyEnded(ILogger logger, string taskId, int round, int chunk, string batchId);
}
