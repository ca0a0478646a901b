using System.Text.RegularExpressions;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.State;
using BatchInfer.Host.Api;

namespace BatchInfer.Host.Engine;

/// <summary>The names the read models use for chunk phases and remote states, and the error codes read from chunk errors.</summary>
internal static partial class ChunkStates
{
    public static string PhaseName(ChunkPhase phase) => phase switch
    {
        ChunkPhase.Pending => "pending",
        ChunkPhase.Uploaded => "uploaded",
        ChunkPhase.Submitting => "submitting",
        ChunkPhase.Submitted => "submitted",
        ChunkPhase.Downloading => "downloading",
        _ => "collected",
    };

    public static string RemoteName(BatchState state) => state.ToString().ToLowerInvariant();

    /// <summary>A submitted chunk counts as running once the provider has started on its batch.</summary>
    public static ChunkCountsDto Count(IReadOnlyCollection<ChunkEntity> chunks)
    {
        bool Running(ChunkEntity c) =>
            c.Phase == ChunkPhase.Submitted && c.RemoteState is BatchState.Running or BatchState.Finalizing or BatchState.Cancelling;
        return new ChunkCountsDto(
            chunks.Count(c => c.Phase == ChunkPhase.Pending),
            chunks.Count(c => c.Phase == ChunkPhase.Uploaded),
            chunks.Count(c => c.Phase is ChunkPhase.Submitting or ChunkPhase.Submitted && !Running(c)),
            chunks.Count(Running),
            chunks.Count(c => c.Phase == ChunkPhase.Downloading),
            chunks.Count(c => c.Phase == ChunkPhase.Collected));
    }

    /// <summary>Chunks whose last call failed, by what failed: http_429, batch_expired, transport, other.</summary>
    public static IReadOnlyDictionary<string, long> ErrorsByCode(IEnumerable<ChunkEntity> chunks) =>
        chunks.Where(c => c.LastError is not null)
            .GroupBy(c => CodeOf(c.LastError!), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    public static string CodeOf(string error)
    {
        if (HttpCode().Match(error) is { Success: true } http)
        {
            return "http_" + http.Groups[1].Value;
        }
        if (BatchStatusPrefix().Match(error) is { Success: true } batch)
        {
            return "batch_" + batch.Groups[1].Value.ToLowerInvariant();
        }
        return error.Contains("failed in transit", StringComparison.Ordinal) ? "transport" : "other";
    }

    [GeneratedRegex(@"HTTP (\d{3})")]
    private static partial Regex HttpCode();

    [GeneratedRegex(@"^batch (\w+):")]
    private static partial Regex BatchStatusPrefix();
}
