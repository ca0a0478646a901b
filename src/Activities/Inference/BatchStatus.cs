namespace BatchInfer.Activities.Inference;

/// <summary>Maps the status spellings of the providers we know (docs/providers.md) onto <see cref="BatchState"/>.</summary>
internal static class BatchStatus
{
    private static readonly Dictionary<string, BatchState> Spellings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["validating"] = BatchState.Pending,
        ["queuing"] = BatchState.Pending,
        ["queueing"] = BatchState.Pending,
        ["in_queue"] = BatchState.Pending,
        ["in_progress"] = BatchState.Running,
        ["finalizing"] = BatchState.Finalizing,
        ["cancelling"] = BatchState.Cancelling,
        ["canceling"] = BatchState.Cancelling,
        ["completed"] = BatchState.Completed,
        ["failed"] = BatchState.Failed,
        ["expired"] = BatchState.Expired,
        ["cancelled"] = BatchState.Cancelled,
        ["canceled"] = BatchState.Cancelled,
    };

    public static IEnumerable<string> Known => Spellings.Keys;

    public static bool TryParse(string? raw, out BatchState state) =>
        Spellings.TryGetValue(raw?.Trim() ?? string.Empty, out state);

    /// <summary>An unknown status cannot be acted on safely, so it is a permanent error that names it.</summary>
    public static BatchState Parse(string? raw, string batchId) =>
        TryParse(raw, out var state)
            ? state
            : throw new BatchApiException(
                $"batch {batchId} reports status '{raw}', which BatchInfer does not know (known: {string.Join(", ", Known)})",
                statusCode: null,
                isPermanent: true);
}
