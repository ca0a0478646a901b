using System.Text.Json;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Results;

/// <summary>
/// A line of a round's failed.jsonl: <c>{"seq":N,"custom_id":"..","error":&lt;last error line&gt;|null,"request":&lt;request line&gt;}</c>.
/// Both embedded lines are copied raw; they are single JSON values already.
/// </summary>
internal static class FailedRecord
{
    public static void Write(AtomicLineWriter writer, long seq, ReadOnlySpan<byte> customIdJson, ReadOnlySpan<byte> error, ReadOnlySpan<byte> request)
    {
        writer.Write("{\"seq\":"u8);
        writer.Write(seq);
        writer.Write(",\"custom_id\":\""u8);
        writer.Write(customIdJson);
        writer.Write("\",\"error\":"u8);
        writer.Write(error.IsEmpty ? "null"u8 : error);
        writer.Write(",\"request\":"u8);
        writer.Write(request);
        writer.Write((byte)'}');
    }

    /// <summary>Reads a failed line's seq and where its error line sits (length 0 when null).</summary>
    public static long Parse(ReadOnlySpan<byte> line, out Range error, string path, long lineNumber)
    {
        error = default;
        long seq = 0;
        try
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSeq = reader.ValueTextEquals("seq"u8);
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (isSeq)
                {
                    seq = reader.GetInt64();
                }
                reader.Skip();
                if (isError && reader.TokenType != JsonTokenType.Null)
                {
                    error = start..(int)reader.BytesConsumed;
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path} line {lineNumber}: not a failed-record line ({e.Message}).", e);
        }
        return seq > 0 ? seq : throw new InvalidDataException($"{path} line {lineNumber}: failed-record line has no positive seq.");
    }
}
