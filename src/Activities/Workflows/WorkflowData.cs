namespace BatchInfer.Activities.Workflows;

/// <summary>A task workflow's data: ids only; everything else is in the state tables and files.</summary>
public sealed class TaskWorkflowData
{
    public string TaskId { get; set; } = "";

    /// <summary>Set by <see cref="Steps.RetryFailed"/> from the state tables; ends the round loop.</summary>
    public bool RoundsDone { get; set; }

    /// <summary>The operator retry this instance was started for (tasks.RetryRound), 0 for the task's first instance.</summary>
    public int RetryRound { get; set; }

    /// <summary>
    /// The engine's reference for a task instance: the task id, and for a task reopened by an operator's retry the retry's
    /// round too, since the finished instance keeps the task id.
    /// </summary>
    public string Reference => RetryRound == 0 ? TaskId : $"{TaskId}/retry-r{RetryRound}";
}

/// <summary>A chunk workflow's data: which chunk of which round of which task.</summary>
public sealed class ChunkWorkflowData
{
    public string TaskId { get; set; } = "";

    public int Round { get; set; }

    public int Chunk { get; set; }

    /// <summary>The engine's reference for a chunk instance, unique per task, round and chunk.</summary>
    public string Reference => $"{TaskId}/r{Round}/c{Chunk}";
}

/// <summary>Starts a chunk's workflow instance unless one with the same reference already exists (steps run at least once).</summary>
public interface IChunkWorkflowLauncher
{
    /// <param name="definitionVersion">the task's definition version (tasks.DefinitionVersion), which its chunks run too</param>
    Task<string> EnsureStartedAsync(ChunkWorkflowData data, int definitionVersion, CancellationToken cancellationToken);
}
