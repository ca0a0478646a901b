using System.Collections.Concurrent;

namespace BatchInfer.Host.Studio;

/// <summary>
/// A task's failed records grouped by error code, with a few samples (custom_id, line number, message) each. Read from
/// the files the task writes, streaming, off the page's thread; a file is read again only once it has changed.
/// </summary>
public sealed class RecordErrors
{
    public const int SamplesPerCode = 3;

    private readonly ConcurrentDictionary<string, (long Length, DateTime Written, IReadOnlyList<ErrorGroup> Groups)> _read = new(StringComparer.Ordinal);

    public sealed record ErrorGroup(string Code, long Count, IReadOnlyList<ErrorSample> Samples);

    public sealed record ErrorSample(string CustomId, long Line, string Message);

    /// <summary>The groups of a file of provider error lines (merged/ID/error_retry0.jsonl) or of a round's failed.jsonl, largest first; none when it does not exist.</summary>
    public async Task<IReadOnlyList<ErrorGroup>> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return [];
        }
        if (_read.TryGetValue(path, out var known) && known.Length == file.Length && known.Written == file.LastWriteTimeUtc)
        {
            return known.Groups;
        }
        var groups = await Task.Run(() => Group(path, cancellationToken), cancellationToken);
        _read[path] = (file.Length, file.LastWriteTimeUtc, groups);
        return groups;
    }

    private static IReadOnlyList<ErrorGroup> Group(string path, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, (long Count, List<ErrorSample> Samples)>(StringComparer.Ordinal);
        long number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (number % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (line.Length == 0)
            {
                continue;
            }
            var failure = ProviderLines.ReadFailure(line);
            var (count, samples) = counts.TryGetValue(failure.Code, out var seen) ? seen : (0, new List<ErrorSample>());
            if (samples.Count < SamplesPerCode)
            {
                samples.Add(new ErrorSample(failure.CustomId, number, failure.Message));
            }
            counts[failure.Code] = (count + 1, samples);
        }
        return [.. counts.Select(c => new ErrorGroup(c.Key, c.Value.Count, c.Value.Samples)).OrderByDescending(g => g.Count).ThenBy(g => g.Code, StringComparer.Ordinal)];
    }
}
