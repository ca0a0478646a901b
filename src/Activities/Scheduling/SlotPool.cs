namespace BatchInfer.Activities.Scheduling;

/// <summary>Slots of one kind on one endpoint: how many are in flight, and how many each task holds. Not thread-safe.</summary>
internal sealed class SlotPool(int capacity)
{
    private readonly Dictionary<string, int> _heldByTask = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public int InFlight { get; private set; }

    public IReadOnlyDictionary<string, int> HeldByTask => _heldByTask;

    public int HeldBy(string taskId) => _heldByTask.GetValueOrDefault(taskId);

    public void Take(string taskId)
    {
        _heldByTask[taskId] = HeldBy(taskId) + 1;
        InFlight++;
    }

    public void Return(string taskId)
    {
        var left = HeldBy(taskId) - 1;
        if (left > 0)
        {
            _heldByTask[taskId] = left;
        }
        else
        {
            _heldByTask.Remove(taskId);
        }
        InFlight--;
    }
}
