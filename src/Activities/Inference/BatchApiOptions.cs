namespace BatchInfer.Activities.Inference;

/// <summary>Client-side knobs that are not HTTP resilience (that lives in the standard resilience handler).</summary>
public sealed class BatchApiOptions
{
    /// <summary>Page size asked of GET /batches (the spec allows 1–100).</summary>
    public int ListPageSize { get; set; } = 100;
}
