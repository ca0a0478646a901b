using System.Globalization;
using System.Text.Json;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>
/// The record-accounting invariant (docs/results.md), checked record by record from the files a user sees,
/// independently of the product's own bookkeeping: every valid input record is in exactly one of
/// output.jsonl, error_retry0.jsonl and missing_records.jsonl; nothing else is there; output is in input
/// order and every answer belongs to its own record.
/// </summary>
internal static class RecordInvariant
{
    public sealed record Counts(int Valid, int Invalid, int Succeeded, int Failed, int Missing);

    public static Counts AssertHolds(string inputPath, string mergedDirectory, string messagesKey = "messages")
    {
        var invalidLines = ReadLines(Path.Combine(mergedDirectory, "invalid_input.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("line").GetInt64())
            .ToHashSet();

        // custom_id -> (line number, the last message's content) for every valid record.
        var valid = new Dictionary<string, (long Line, string LastContent)>(StringComparer.Ordinal);
        long number = 0;
        foreach (var line in File.ReadLines(inputPath))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || invalidLines.Contains(number))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var id = root.TryGetProperty("custom_id", out var explicitId) ? explicitId.GetString()! : number.ToString(CultureInfo.InvariantCulture);
            var messages = root.TryGetProperty("body", out var body) ? body.GetProperty("messages") : root.GetProperty(messagesKey);
            var last = messages.EnumerateArray().LastOrDefault();
            var content = last.ValueKind == JsonValueKind.Object && last.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString()!
                : "";
            Assert.True(valid.TryAdd(id, (number, content)), $"input line {number}: custom_id {id} is duplicated but was not reported invalid");
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var succeeded = 0;
        long previousLine = 0;
        foreach (var line in ReadLines(Path.Combine(mergedDirectory, "output.jsonl")))
        {
            var id = Claim(line, "output.jsonl", valid, seen);
            var record = valid[id];
            Assert.True(record.Line > previousLine, $"output.jsonl is not in input order at custom_id {id}");
            previousLine = record.Line;
            using var document = JsonDocument.Parse(line);
            var answer = document.RootElement.GetProperty("response").GetProperty("body").GetProperty("choices")[0]
                .GetProperty("message").GetProperty("content").GetString()!;
            var prefix = $"Simulated answer for {id}: ";
            Assert.StartsWith(prefix, answer, StringComparison.Ordinal);
            Assert.StartsWith(answer[prefix.Length..].TrimEnd('\uFFFD'), record.LastContent, StringComparison.Ordinal);
            succeeded++;
        }

        var failed = ReadLines(Path.Combine(mergedDirectory, "error_retry0.jsonl")).Count(line => Claim(line, "error_retry0.jsonl", valid, seen) != null);
        var missing = ReadLines(Path.Combine(mergedDirectory, "missing_records.jsonl")).Count(line => Claim(line, "missing_records.jsonl", valid, seen) != null);

        var unaccounted = valid.Keys.Where(id => !seen.ContainsKey(id)).Take(5).ToList();
        Assert.True(unaccounted.Count == 0, $"records in no result file: {string.Join(", ", unaccounted)}");
        return new Counts(valid.Count, invalidLines.Count, succeeded, failed, missing);
    }

    private static string Claim(string line, string file, Dictionary<string, (long Line, string LastContent)> valid, Dictionary<string, string> seen)
    {
        using var document = JsonDocument.Parse(line);
        var id = document.RootElement.GetProperty("custom_id").GetString()!;
        Assert.True(valid.ContainsKey(id), $"{file} holds custom_id {id}, which is not a valid input record");
        Assert.True(seen.TryAdd(id, file), $"custom_id {id} is in both {seen.GetValueOrDefault(id)} and {file}");
        return id;
    }

    private static IEnumerable<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadLines(path).Where(l => l.Length > 0) : [];
}
