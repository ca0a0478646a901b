using System.Net.Http.Json;
using System.Text.Json;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>What the operator-control tests read of a task: its journal over the live daemon's API, and its result files by custom_id.</summary>
internal static class OperatorControls
{
    /// <summary>The task's journal, oldest first, as (kind, round, chunk, message).</summary>
    public static async Task<List<(string Kind, int Round, int? Chunk, string Message)>> JournalAsync(string workDirectory, string taskId)
    {
        var daemon = await DaemonWork.LiveDaemonAsync(workDirectory);
        using var http = DaemonWork.Http(daemon, daemon.Token);
        var page = await http.GetFromJsonAsync<JsonElement>($"api/tasks/{taskId}/journal?limit=1000");
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_before").ValueKind);
        return [.. page.GetProperty("entries").EnumerateArray().Reverse().Select(e => (
            e.GetProperty("kind").GetString()!,
            e.GetProperty("round").GetInt32(),
            e.GetProperty("chunk").ValueKind == JsonValueKind.Null ? (int?)null : e.GetProperty("chunk").GetInt32(),
            e.GetProperty("message").GetString()!))];
    }

    /// <summary>The task-level entries only (no chunk), oldest first.</summary>
    public static List<string> TaskKinds(IEnumerable<(string Kind, int Round, int? Chunk, string Message)> journal) =>
        [.. journal.Where(e => e.Chunk is null).Select(e => e.Kind)];

    /// <summary>custom_id → line of a result file (empty when the file is absent).</summary>
    public static Dictionary<string, string> LinesById(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Length > 0)
                .ToDictionary(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()!, l => l, StringComparer.Ordinal)
            : [];
}
