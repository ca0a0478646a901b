namespace BatchInfer.Host.Engine;

/// <summary>The task id is taken by another or finished task; the message says what to do instead.</summary>
internal sealed class TaskConflictException(string message) : Exception(message);
