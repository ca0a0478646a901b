namespace BatchInfer.Tests.Host.Persistence;

public sealed record PollState(int Attempt, string? BatchId);

public sealed class SampleData
{
    public string? Name { get; set; }
    public int Counter { get; set; }
    public List<string> Items { get; set; } = [];
    public Dictionary<string, object?> Bag { get; set; } = [];
    public PollState? Last { get; set; }
}

public enum SampleKind
{
    None,
    Chunk,
    Task,
}
