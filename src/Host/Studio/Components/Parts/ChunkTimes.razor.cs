using Microsoft.Extensions.Logging;

namespace BatchInfer.Host.Studio.Components.Parts;

// The log message lives here: source generators do not see the code Razor generates.
public partial class ChunkTimes
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The chunk drawer of task {TaskId} could not read its chunk's workflow")]
    private static partial void ReadFailed(ILogger logger, string taskId, Exception exception);
}
