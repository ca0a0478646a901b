using System.Globalization;
using System.Text.Json;

namespace BatchInfer.Activities.Inference;

/// <summary>Turns the provider's batch object into our <see cref="RemoteBatch"/>.</summary>
internal static class RemoteBatchMapper
{
    public static Dictionary<string, string> ToMetadata(BatchTag tag) => new()
    {
        [BatchTag.TaskIdKey] = tag.TaskId,
        [BatchTag.RoundKey] = tag.Round.ToString(CultureInfo.InvariantCulture),
        [BatchTag.ChunkKey] = tag.Chunk.ToString(CultureInfo.InvariantCulture),
    };

    public static RemoteBatch ToRemoteBatch(BatchDto dto, string source)
    {
        if (string.IsNullOrEmpty(dto.Id))
        {
            throw new BatchApiException($"the provider's answer to {source} has a batch without an 'id'", statusCode: null, isPermanent: false);
        }
        if (string.IsNullOrEmpty(dto.Status))
        {
            throw new BatchApiException($"the provider's answer to {source} has batch {dto.Id} without a 'status'", statusCode: null, isPermanent: false);
        }
        var counts = dto.RequestCounts is { } c ? new RequestCounts(c.Total ?? 0, c.Completed ?? 0, c.Failed ?? 0) : null;
        var state = BatchStatus.Parse(dto.Status, dto.Id);
        return new RemoteBatch(
            dto.Id,
            state,
            dto.Status,
            dto.InputFileId,
            NullIfEmpty(dto.OutputFileId),
            NullIfEmpty(dto.ErrorFileId),
            ToTag(dto.Metadata),
            counts,
            ErrorMessage(dto.Errors),
            new BatchTimes(FromUnixSeconds(dto.CreatedAt), FromUnixSeconds(dto.ExpiresAt), FromUnixSeconds(EndedAt(dto, state))));
    }

    // The time of the status the batch ended in; a batch not ended has none.
    private static long? EndedAt(BatchDto dto, BatchState state) => state switch
    {
        BatchState.Completed => dto.CompletedAt,
        BatchState.Failed => dto.FailedAt,
        BatchState.Expired => dto.ExpiredAt,
        BatchState.Cancelled => dto.CancelledAt,
        _ => null,
    };

    // A time no calendar holds (milliseconds sent as seconds, say) is as good as none: it must not fail the call.
    private static DateTimeOffset? FromUnixSeconds(long? seconds) =>
        seconds is { } s && s >= 0 && s <= DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    /// <summary>Only a batch that carries all three of our keys, well formed, has a tag; anything else is someone else's batch.</summary>
    public static BatchTag? ToTag(Dictionary<string, JsonElement>? metadata)
    {
        if (metadata is null
            || Text(metadata, BatchTag.TaskIdKey) is not { Length: > 0 } taskId
            || !int.TryParse(Text(metadata, BatchTag.RoundKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var round)
            || !int.TryParse(Text(metadata, BatchTag.ChunkKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var chunk))
        {
            return null;
        }
        return new BatchTag(taskId, round, chunk);
    }

    private static string? Text(Dictionary<string, JsonElement> metadata, string key) =>
        metadata.TryGetValue(key, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? ErrorMessage(BatchErrorListDto? errors)
    {
        if (errors?.Data is not { Count: > 0 } data)
        {
            return null;
        }
        const int shown = 5;
        var parts = data.Take(shown).Select(e =>
            (e.Line is { } line ? $"line {line}: " : string.Empty) + (e.Code is { } code ? $"[{code}] " : string.Empty) + e.Message);
        var more = data.Count > shown ? $" (and {data.Count - shown} more)" : string.Empty;
        return string.Join("; ", parts) + more;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
