namespace BatchInfer.Activities.Configuration;

/// <summary>A provider's published Batch API limits (docs/providers.md); chunks are cut to fit them.</summary>
public sealed record ProviderProfile(
    string Name,
    int MaxRequestsPerFile,
    long MaxFileBytes,
    int? MaxBodyBytes)
{
    private const long Megabyte = 1000L * 1000L;

    public static readonly ProviderProfile Spark = new("spark", 50_000, 100 * Megabyte, 6 * 1024);
    public static readonly ProviderProfile OpenAI = new("openai", 50_000, 200 * Megabyte, null);
    public static readonly ProviderProfile DashScope = new("dashscope", 50_000, 500 * Megabyte, 6 * 1024 * 1024);
    public static readonly ProviderProfile Azure = new("azure", 100_000, 200 * Megabyte, null);

    public static IReadOnlyList<ProviderProfile> All { get; } = [Spark, OpenAI, DashScope, Azure];

    public static ProviderProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
