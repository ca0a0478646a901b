using Microsoft.Extensions.Logging;

namespace BatchInfer.Activities.Steps;

internal static partial class StepLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round} chunk {Chunk}: cancelled before its batch was created; its {Records} records are settled unsent")]
    public static partial void SettledWithoutBatch(ILogger logger, string taskId, int round, int chunk, int records);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round} chunk {Chunk}: asked the provider to cancel batch {BatchId} (now {Status})")]
    public static partial void BatchCancelSent(ILogger logger, string taskId, int round, int chunk, string batchId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} round {Round} chunk {Chunk}: batch {BatchId} had already ended, nothing to cancel")]
    public static partial void BatchAlreadyEnded(ILogger logger, string taskId, int round, int chunk, string batchId);
}
