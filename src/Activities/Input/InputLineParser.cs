using System.Text.Json;

namespace BatchInfer.Activities.Input;

/// <summary>Where a value sits in a line: for strings the content between the quotes, otherwise the whole token.</summary>
internal readonly record struct JsonSlice(int Start, int Length, JsonTokenType Type, bool IsEscaped)
{
    public bool IsPresent => Type != JsonTokenType.None;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> line) => line.Slice(Start, Length);
}

/// <summary>The top-level values of an input line that decide what it is.</summary>
internal struct LineFields
{
    public JsonSlice CustomId;
    public JsonSlice Method;
    public JsonSlice Url;
    public JsonSlice Body;
    public JsonSlice Messages;

    public readonly bool IsBatchFormat => CustomId.IsPresent && Method.IsPresent && Url.IsPresent && Body.IsPresent;
}

/// <summary>Finds the interesting top-level values of a JSON line in one pass, without materialising it.</summary>
internal static class InputLineParser
{
    /// <summary>Returns null when the line is one JSON object (fields filled in), else the reason it is not.</summary>
    public static string? Parse(ReadOnlySpan<byte> line, ReadOnlySpan<byte> messagesKey, out LineFields fields)
    {
        fields = default;
        var reader = new Utf8JsonReader(line);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var type = reader.TokenType;
                reader.Skip();
                reader.Read();
                return $"not a JSON object: the line is a JSON {Describe(type)}";
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                ref var slot = ref Slot(ref reader, ref fields, messagesKey, out var known);
                reader.Read();
                var slice = Capture(ref reader);
                if (known)
                {
                    slot = slice;
                }
            }
            // Throws when anything but whitespace follows the object.
            reader.Read();
            return null;
        }
        catch (JsonException e)
        {
            return $"not JSON: {Trim(e.Message)} (stopped at byte {e.BytePositionInLine + 1} of the line)";
        }
    }

    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static ref JsonSlice Slot(ref Utf8JsonReader reader, ref LineFields fields, ReadOnlySpan<byte> messagesKey, out bool known)
    {
        known = true;
        if (reader.ValueTextEquals(messagesKey))
        {
            return ref fields.Messages;
        }
        if (reader.ValueTextEquals("custom_id"u8))
        {
            return ref fields.CustomId;
        }
        if (reader.ValueTextEquals("method"u8))
        {
            return ref fields.Method;
        }
        if (reader.ValueTextEquals("url"u8))
        {
            return ref fields.Url;
        }
        if (reader.ValueTextEquals("body"u8))
        {
            return ref fields.Body;
        }
        known = false;
        return ref fields.Body;
    }

    private static JsonSlice Capture(ref Utf8JsonReader reader)
    {
        var type = reader.TokenType;
        var start = (int)reader.TokenStartIndex;
        if (type == JsonTokenType.String)
        {
            return new JsonSlice(start + 1, reader.ValueSpan.Length, type, reader.ValueIsEscaped);
        }
        reader.Skip();
        return new JsonSlice(start, (int)reader.BytesConsumed - start, type, false);
    }

    // The reader's message ends with its own line/byte coordinates, which are restated in our terms.
    private static string Trim(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
