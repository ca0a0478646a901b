using BatchInfer.Activities.Inference;

namespace BatchInfer.Activities.Scheduling;

/// <summary>
/// Batches in flight found in the state tables at start, by task. The tables do not know a task's endpoint
/// (the credential is not stored), so these count against every endpoint until their task makes its first
/// call and thereby names its endpoint: conservative, never over a cap.
/// </summary>
internal sealed class UnclaimedBatches
{
    private readonly Dictionary<string, HashSet<BatchTag>> _byTask = new(StringComparer.Ordinal);

    public UnclaimedBatches(IEnumerable<BatchTag> inFlight)
    {
        foreach (var tag in inFlight)
        {
            if (!_byTask.TryGetValue(tag.TaskId, out var tags))
            {
                _byTask[tag.TaskId] = tags = [];
            }
            if (tags.Add(tag))
            {
                Total++;
            }
        }
    }

    public int Total { get; private set; }

    public int Of(string taskId) => _byTask.TryGetValue(taskId, out var tags) ? tags.Count : 0;

    /// <summary>Removes and returns the task's recovered batches.</summary>
    public IReadOnlyCollection<BatchTag> Claim(string taskId)
    {
        if (!_byTask.Remove(taskId, out var tags))
        {
            return [];
        }
        Total -= tags.Count;
        return tags;
    }
}
