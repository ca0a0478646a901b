using System.Text.Json;
using BatchInfer.Activities.Input;

namespace BatchInfer.Activities.Results;

/// <summary>What matters in one line of a batch's output or error file.</summary>
internal readonly record struct ProviderLine(
    bool HasChoices,
    int? StatusCode,
    bool? IsInvalidRequestType,
    long PromptTokens,
    long CompletionTokens,
    long TotalTokens)
{
    /// <summary>
    /// Success is a response body with <c>choices</c>, whatever the status code (Spark reports 101).
    /// </summary>
    public bool IsSuccess => HasChoices;

    /// <summary>An error that retrying cannot fix: a 4xx other than timeout, conflict and rate limit, or an invalid request.</summary>
    public bool IsPermanentError => StatusCode is { } status
        ? status is >= 400 and < 500 and not (408 or 409 or 429)
        : IsInvalidRequestType == true;

    /// <summary>
    /// Reads a provider line; false when it is not a JSON object with a string custom_id (or one whose text is not valid).
    /// <paramref name="customId"/> is the id's unescaped UTF-8: in the line itself, or in <paramref name="idBuffer"/> when it had escapes.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, ref byte[] idBuffer, out ProviderLine parsed, out ReadOnlySpan<byte> customId)
    {
        parsed = default;
        customId = default;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            var fields = new Fields();
            var hasId = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("custom_id"u8))
                {
                    reader.Read();
                    hasId = reader.TokenType == JsonTokenType.String;
                    if (hasId)
                    {
                        customId = ReadId(ref reader, line, ref idBuffer);
                    }
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    ReadResponse(ref reader, ref fields);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    fields.InvalidRequestType ??= ReadErrorType(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // Throws when anything but whitespace follows the object, so a kept line is always one JSON value.
            reader.Read();
            if (!hasId)
            {
                return false;
            }
            parsed = new ProviderLine(fields.HasChoices, fields.Status, fields.InvalidRequestType, fields.Prompt, fields.Completion, fields.Total);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: an escaped custom_id that is not valid text.
            return false;
        }
    }

    private static ReadOnlySpan<byte> ReadId(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> line, ref byte[] idBuffer)
    {
        return reader.ValueIsEscaped
            ? CustomId.CopyText(ref reader, ref idBuffer)
            : line.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
    }

    private static void ReadResponse(ref Utf8JsonReader reader, ref Fields fields)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status_code"u8))
            {
                reader.Read();
                fields.Status = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var status) ? status : null;
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                ReadBody(ref reader, ref fields);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadBody(ref Utf8JsonReader reader, ref Fields fields)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                fields.HasChoices = reader.TokenType == JsonTokenType.StartArray;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                ReadUsage(ref reader, ref fields);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                fields.InvalidRequestType = ReadErrorType(ref reader) ?? fields.InvalidRequestType;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadUsage(ref Utf8JsonReader reader, ref Fields fields)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref var slot = ref fields.Total;
            var known = true;
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                slot = ref fields.Prompt;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                slot = ref fields.Completion;
            }
            else
            {
                known = reader.ValueTextEquals("total_tokens"u8);
            }
            reader.Read();
            if (known && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count))
            {
                slot = count;
            }
            reader.Skip();
        }
    }

    /// <summary>
    /// Whether the <c>type</c> (or else <c>code</c>) of an error object is <c>invalid_request_error</c>; null when it
    /// has neither. The reader is on the value.
    /// </summary>
    private static bool? ReadErrorType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        bool? type = null, code = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isCode = reader.ValueTextEquals("code"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isType || isCode))
            {
                var isInvalidRequest = reader.ValueTextEquals("invalid_request_error"u8);
                if (isType)
                {
                    type = isInvalidRequest;
                }
                else
                {
                    code = isInvalidRequest;
                }
            }
            reader.Skip();
        }
        return type ?? code;
    }

    private struct Fields
    {
        public bool HasChoices;
        public int? Status;
        public bool? InvalidRequestType;
        public long Prompt;
        public long Completion;
        public long Total;
    }
}
