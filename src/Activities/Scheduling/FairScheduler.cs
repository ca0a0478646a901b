using BatchInfer.Activities.Inference;

namespace BatchInfer.Activities.Scheduling;

/// <summary>
/// Caps uploads and batches in flight per endpoint (base URL and credential) across every task of the
/// process, and shares them fairly: when tasks wait, the one holding the fewest slots goes first.
/// </summary>
public sealed class FairScheduler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EndpointKey, UploadSlots> _uploads = [];
    private readonly Dictionary<EndpointKey, BatchSlots> _batches = [];
    private readonly UnclaimedBatches _unclaimed;
    private readonly TimeProvider _time;
    private long _sequence;

    /// <param name="inFlight">Chunks that hold a batch slot already (Submitting..Downloading in the state tables).</param>
    public FairScheduler(SchedulerOptions options, TimeProvider time, IEnumerable<BatchTag>? inFlight = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.UploadsPerEndpoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchesPerEndpoint);
        Options = options;
        _time = time;
        _unclaimed = new UnclaimedBatches(inFlight ?? []);
    }

    public SchedulerOptions Options { get; }

    /// <summary>Waits for an upload slot on <paramref name="endpoint"/>; dispose the lease when the upload is over.</summary>
    public async ValueTask<UploadLease> AcquireUploadAsync(EndpointKey endpoint, string taskId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        UploadWaiter waiter;
        lock (_lock)
        {
            ClaimLocked(endpoint, taskId);
            var slots = UploadsOf(endpoint);
            if (slots.TryTake(taskId))
            {
                return new UploadLease(this, endpoint, taskId);
            }
            waiter = new UploadWaiter(taskId, _sequence++);
            slots.Enqueue(waiter);
        }
        await using (cancellationToken.Register(() => StopWaiting(endpoint, waiter, cancellationToken)))
        {
            await waiter.Granted.Task;
        }
        return new UploadLease(this, endpoint, taskId);
    }

    /// <summary>
    /// Asks for a batch slot for one chunk, held until <see cref="ReleaseBatch"/>. Idempotent per chunk. Refused
    /// when the endpoint is full or tasks holding fewer batches wait; ask again after <see cref="SchedulerOptions.BatchSlotRetryInterval"/>.
    /// </summary>
    public bool TryReserveBatch(EndpointKey endpoint, BatchTag chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_lock)
        {
            ClaimLocked(endpoint, chunk.TaskId);
            return BatchesOf(endpoint).TryReserve(chunk, () => _sequence++, _time.GetUtcNow(), Options.BatchWaiterExpiry, _unclaimed);
        }
    }

    /// <summary>Gives back the chunk's batch slot once its results are collected. Idempotent.</summary>
    public void ReleaseBatch(EndpointKey endpoint, BatchTag chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_lock)
        {
            ClaimLocked(endpoint, chunk.TaskId);
            BatchesOf(endpoint).Release(chunk);
        }
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

    internal void ReleaseUpload(EndpointKey endpoint, string taskId)
    {
        lock (_lock)
        {
            UploadsOf(endpoint).Return(taskId)?.Granted.TrySetResult();
        }
    }

    private void StopWaiting(EndpointKey endpoint, UploadWaiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Not found: the slot was handed over already, and the caller will get its lease.
            if (UploadsOf(endpoint).Remove(waiter))
            {
                waiter.Granted.TrySetCanceled(cancellationToken);
            }
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

    private UploadSlots UploadsOf(EndpointKey endpoint) =>
        _uploads.TryGetValue(endpoint, out var slots) ? slots : _uploads[endpoint] = new UploadSlots(Options.UploadsPerEndpoint);

    private BatchSlots BatchesOf(EndpointKey endpoint) =>
        _batches.TryGetValue(endpoint, out var slots) ? slots : _batches[endpoint] = new BatchSlots(Options.BatchesPerEndpoint);
}

/// <summary>What one endpoint carries right now (for tests, logs and the monitor).</summary>
/// <param name="UnclaimedBatches">Batches found in the state tables whose task has not named its endpoint yet; they count against every endpoint.</param>
public sealed record EndpointLoad(
    int UploadsInFlight, int UploadsWaiting, int BatchesInFlight, int BatchesWaiting, int UnclaimedBatches,
    IReadOnlyDictionary<string, int> BatchesByTask);
