namespace BatchInfer.Host.Engine;

/// <summary>What an operator's control of a task (pause, resume, retry-failed) did; when it did nothing, why, written for the user.</summary>
internal sealed record ControlResult(ControlStatus Status, string? Problem = null)
{
    public static ControlResult Done { get; } = new(ControlStatus.Done);

    public static ControlResult UnknownTask { get; } = new(ControlStatus.UnknownTask);

    /// <summary>The task's state does not allow the control; <paramref name="problem"/> says which task, why and what to do.</summary>
    public static ControlResult Conflict(string problem) => new(ControlStatus.Conflict, problem);
}

internal enum ControlStatus
{
    /// <summary>Done, or nothing to do because the task already is so (a pause of a paused task).</summary>
    Done,

    UnknownTask,

    Conflict,
}
