namespace BatchInfer.Simulator;

/// <summary>A provider's limits and spellings, as the simulator enforces and reports them.</summary>
internal sealed record SimulatorProfile(
    string Name,
    int MaxRequestsPerFile,
    long MaxFileBytes,
    int? MaxBodyBytes,
    int SuccessStatusCode,
    IReadOnlyDictionary<string, string> StatusSpellings)
{
    private const long Megabyte = 1000L * 1000L;

    public static readonly SimulatorProfile Spark = new(
        "spark",
        50_000,
        100 * Megabyte,
        6 * 1024,
        101,
        new Dictionary<string, string>
        {
            [BatchStatuses.Validating] = "queueing",
            [BatchStatuses.Cancelling] = "canceling",
            [BatchStatuses.Cancelled] = "canceled",
        });

    public static readonly SimulatorProfile OpenAI = new("openai", 50_000, 200 * Megabyte, null, 200, new Dictionary<string, string>());

    public static IReadOnlyList<SimulatorProfile> All { get; } = [Spark, OpenAI];

    public static SimulatorProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The status as this provider spells it on the wire.</summary>
    public string Spell(string status) => StatusSpellings.TryGetValue(status, out var spelled) ? spelled : status;
}

/// <summary>The spec's batch statuses (Batch.status enum).</summary>
internal static class BatchStatuses
{
    public const string Validating = "validating";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string status) => status is Completed or Failed or Expired or Cancelled;
}
