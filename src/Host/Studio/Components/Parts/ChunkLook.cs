using BatchInfer.Host.Api;

namespace BatchInfer.Host.Studio.Components.Parts;

/// <summary>What a chunk's cell shows: a state name (its CSS class and legend entry) and a symbol, so that colour is never the only cue.</summary>
internal static class ChunkLook
{
    public static readonly IReadOnlyList<(string State, string Symbol, string Label)> Legend =
    [
        ("pending", "·", "pending"), ("uploaded", "↑", "uploaded"), ("submitting", "…", "submitting"), ("submitted", "○", "submitted"),
        ("running", "▶", "running"), ("downloading", "↓", "downloading"), ("collected", "✓", "collected"),
        ("error", "!", "retrying after an error"), ("failed", "✕", "batch failed / expired"),
    ];

    public static string StateOf(ChunkDto chunk) => chunk switch
    {
        { RemoteState: "failed" or "expired" or "cancelled" } => "failed",
        { LastError: not null, Phase: not "collected" } => "error",
        { Phase: "submitted", RemoteState: "running" or "finalizing" or "cancelling" } => "running",
        _ => chunk.Phase,
    };

    public static string SymbolOf(string state) => Legend.FirstOrDefault(l => l.State == state).Symbol ?? "?";

    public static string LabelOf(string state) => Legend.FirstOrDefault(l => l.State == state).Label ?? state;
}
