using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Workflows;

namespace BatchInfer.Activities.Scheduling;

/// <summary>
/// Caps uploads and batches in flight per endpoint (base URL and credential) across every task of the process, and
/// shares them fairly: when tasks wait, the one holding the fewest slots goes first. A refused step sleeps; a
/// release wakes the waiters that may now be granted (their sleep is only the backstop).
/// </summary>
public sealed class FairScheduler
{
    private static readonly UnclaimedBatches NoneUnclaimed = new([]);

    private readonly Lock _lock = new();
    private readonly Dictionary<EndpointKey, FairSlots> _uploads = [];
    private readonly Dictionary<EndpointKey, FairSlots> _batches = [];
    private readonly UnclaimedBatches _unclaimed;
    private readonly TimeProvider _time;
    private readonly IWorkflowWaker? _waker;
    private long _sequence;

    /// <param name="inFlight">Chunks that hold a batch slot already (Submitting..Downloading in the state tables).</param>
    public FairScheduler(SchedulerOptions options, TimeProvider time, IEnumerable<BatchTag>? inFlight = null, IWorkflowWaker? waker = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.UploadsPerEndpoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchesPerEndpoint);
        Options = options;
        _time = time;
        _waker = waker;
        _unclaimed = new UnclaimedBatches(inFlight ?? []);
    }

    public SchedulerOptions Options { get; }

    /// <summary>
    /// Asks for an upload slot for one chunk; dispose the lease when the upload is over. Null when the endpoint is full
    /// or tasks holding fewer uploads wait: sleep, and <paramref name="workflowId"/> is woken when a slot may be had.
    /// </summary>
    public UploadLease? TryReserveUpload(EndpointKey endpoint, BatchTag chunk, string? workflowId = null)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_lock)
        {
            ClaimLocked(endpoint, chunk.TaskId);
            return UploadsOf(endpoint)
                .TryReserve(chunk, workflowId, () => _sequence++, _time.GetUtcNow(), Options.WaiterExpiry, NoneUnclaimed)
                ? new UploadLease(this, endpoint, chunk)
                : null;
        }
    }

    /// <summary>
    /// Asks for a batch slot for one chunk, held until <see cref="ReleaseBatch"/>. Idempotent per chunk. Refused when
    /// the endpoint is full or tasks holding fewer batches wait: sleep, and <paramref name="workflowId"/> is woken when a slot may be had.
    /// </summary>
    public bool TryReserveBatch(EndpointKey endpoint, BatchTag chunk, string? workflowId = null)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_lock)
        {
            ClaimLocked(endpoint, chunk.TaskId);
            return BatchesOf(endpoint).TryReserve(chunk, workflowId, () => _sequence++, _time.GetUtcNow(), Options.WaiterExpiry, _unclaimed);
        }
    }

    /// <summary>Gives back the chunk's batch slot once its results are collected. Idempotent.</summary>
    public void ReleaseBatch(EndpointKey endpoint, BatchTag chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        IReadOnlyList<string> wake;
        lock (_lock)
        {
            ClaimLocked(endpoint, chunk.TaskId);
            wake = BatchesOf(endpoint).Release(chunk, _unclaimed);
        }
        Wake(wake);
    }

    /// <summary>The chunk no longer waits for any slot (its task was cancelled): it stops holding back the waiters after it.</summary>
    public void Withdraw(EndpointKey endpoint, BatchTag chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        List<string> wake;
        lock (_lock)
        {
            ClaimLocked(endpoint, chunk.TaskId);
            wake = [.. UploadsOf(endpoint).Withdraw(chunk, NoneUnclaimed), .. BatchesOf(endpoint).Withdraw(chunk, _unclaimed)];
        }
        Wake(wake);
    }

    /// <summary>
    /// Tells the scheduler which endpoint a task uses, so that its batches found in the state tables count against
    /// that endpoint only. Every call above does this too; the host calls it when it registers a task's runtime.
    /// </summary>
    public void Claim(EndpointKey endpoint, string taskId)
    {
        lock (_lock)
        {
            ClaimLocked(endpoint, taskId);
        }
    }

    public EndpointLoad LoadOf(EndpointKey endpoint)
    {
        lock (_lock)
        {
            var uploads = UploadsOf(endpoint);
            var batches = BatchesOf(endpoint);
            return new EndpointLoad(
                uploads.InFlight, uploads.Waiting, batches.InFlight, batches.Waiting, _unclaimed.Total,
                new Dictionary<string, int>(batches.HeldByTask, StringComparer.Ordinal));
        }
    }

    internal void ReleaseUpload(EndpointKey endpoint, BatchTag chunk)
    {
        IReadOnlyList<string> wake;
        lock (_lock)
        {
            wake = UploadsOf(endpoint).Release(chunk, NoneUnclaimed);
        }
        Wake(wake);
    }

    private void Wake(IReadOnlyList<string> workflowIds)
    {
        foreach (var id in workflowIds)
        {
            _waker?.Wake(id);
        }
    }

    private void ClaimLocked(EndpointKey endpoint, string taskId)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(taskId);
        var batches = BatchesOf(endpoint);
        foreach (var tag in _unclaimed.Claim(taskId))
        {
            batches.Hold(tag);
        }
    }

    private FairSlots UploadsOf(EndpointKey endpoint) => Of(_uploads, endpoint, Options.UploadsPerEndpoint);

    private FairSlots BatchesOf(EndpointKey endpoint) => Of(_batches, endpoint, Options.BatchesPerEndpoint);

    private static FairSlots Of(Dictionary<EndpointKey, FairSlots> slots, EndpointKey endpoint, int capacity) =>
        slots.TryGetValue(endpoint, out var found) ? found : slots[endpoint] = new FairSlots(capacity);
}

/// <summary>What one endpoint carries right now (for tests, logs and the monitor).</summary>
/// <param name="UnclaimedBatches">Batches found in the state tables whose task has not named its endpoint yet; they count against every endpoint.</param>
public sealed record EndpointLoad(
    int UploadsInFlight, int UploadsWaiting, int BatchesInFlight, int BatchesWaiting, int UnclaimedBatches,
    IReadOnlyDictionary<string, int> BatchesByTask);
