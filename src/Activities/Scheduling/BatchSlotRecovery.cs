using BatchInfer.Activities.Inference;
using BatchInfer.Activities.State;

namespace BatchInfer.Activities.Scheduling;

/// <summary>A batch slot outlives step runs and restarts, so at start it is derived from the chunk phases.</summary>
public static class BatchSlotRecovery
{
    /// <summary>The chunks whose batch was created (or may have been) and is not collected yet.</summary>
    public static IReadOnlyList<BatchTag> InFlight(StateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateContext();
        return db.Chunks
            .Where(c => c.Phase >= ChunkPhase.Submitting && c.Phase <= ChunkPhase.Downloading)
            .Select(c => new { c.TaskId, c.Round, c.Chunk })
            .AsEnumerable()
            .Select(c => new BatchTag(c.TaskId, c.Round, c.Chunk))
            .ToList();
    }
}
