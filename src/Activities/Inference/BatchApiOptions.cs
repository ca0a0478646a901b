namespace BatchInfer.Activities.Inference;

/// <summary>Client-side knobs that are not HTTP resilience (that lives in the standard resilience handler).</summary>
public sealed class BatchApiOptions
{
    /// <summary>Create attempts in total, counting the reconcile rounds after an unknown outcome.</summary>
    public int CreateBatchAttempts { get; set; } = 6;

    /// <summary>The first wait after a failed create; doubled each time up to <see cref="CreateBatchBackoffCap"/>.</summary>
    public TimeSpan CreateBatchBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan CreateBatchBackoffCap { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Page size asked of GET /batches (the spec allows 1–100).</summary>
    public int ListPageSize { get; set; } = 100;

    internal TimeSpan CreateBackoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = CreateBatchBackoff * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = exponential < CreateBatchBackoffCap ? exponential : CreateBatchBackoffCap;
        return retryAfter is { } wait && wait > capped ? wait : capped;
    }
}
