namespace BatchInfer.Activities.Scheduling;

/// <summary>Per-endpoint capacities shared by every task that calls the same endpoint with the same credential.</summary>
public sealed record SchedulerOptions
{
    /// <summary>Chunk files reach 100 MB; a few at a time saturate the link already, more only multiply memory and timeouts.</summary>
    public int UploadsPerEndpoint { get; init; } = 4;

    /// <summary>Batches created and not yet collected; providers cap how many a credential may have open.</summary>
    public int BatchesPerEndpoint { get; init; } = 100;

    /// <summary>
    /// How long a refused step sleeps before it asks again by itself: the backstop, since a release wakes it at once.
    /// Hundreds of chunks wait at a time, and each ask is a run of the engine: a short backstop made them ask in herds
    /// that crowded out the chunks with work to do. Shorter than <see cref="WaiterExpiry"/>, so a waiter that sleeps is
    /// never taken for gone.
    /// </summary>
    public TimeSpan SlotRetryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A waiter that has not asked again for this long is gone (its workflow ended or was suspended without withdrawing).</summary>
    public TimeSpan WaiterExpiry { get; init; } = TimeSpan.FromSeconds(150);
}
