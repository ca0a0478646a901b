using System.Globalization;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Chunks;

internal static class ChunkFiles
{
    /// <summary>
    /// Deletes every file of chunks numbered <paramref name="firstStale"/> and up in a round (requests,
    /// ids, downloaded results) and half-written temporaries, so a re-run leaves only what it wrote.
    /// </summary>
    public static void DeleteFrom(TaskLayout layout, int round, int firstStale)
    {
        var directory = layout.RoundDirectory(round);
        if (!Directory.Exists(directory))
        {
            return;
        }
        foreach (var path in Directory.EnumerateFiles(directory, "c*"))
        {
            var name = Path.GetFileName(path);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 1
                && int.TryParse(name.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && (index >= firstStale || name.EndsWith(".tmp", StringComparison.Ordinal)))
            {
                File.Delete(path);
            }
        }
    }
}
