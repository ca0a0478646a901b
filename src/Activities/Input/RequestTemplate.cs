using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BatchInfer.Activities.Configuration;

namespace BatchInfer.Activities.Input;

/// <summary>
/// The fixed parts of every request line, serialised once with <see cref="Utf8JsonWriter"/>; a request
/// is those parts around the line's custom_id and its messages copied raw, so nothing is re-materialised.
/// </summary>
internal sealed class RequestTemplate
{
    public const string Endpoint = "/v1/chat/completions";

    // Keys the tool writes itself; extra_body may override the sampling ones but never model or messages.
    private static readonly string[] OwnKeys = ["model", "messages"];

    private static ReadOnlySpan<byte> LineHead => "{\"custom_id\":\""u8;
    private static ReadOnlySpan<byte> LineMiddle => "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"u8;

    private readonly byte[] _bodyHead;
    private readonly byte[] _bodyTail;

    public RequestTemplate(ModelConfig model)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("model", model.Domain);
        json.WritePropertyName("messages");
        json.Flush();
        var headLength = buffer.WrittenCount;
        json.WriteStartArray();
        json.WriteEndArray();
        json.Flush();
        var placeholderEnd = buffer.WrittenCount;
        WriteSampling(json, model);
        foreach (var (key, value) in model.ExtraBody)
        {
            if (OwnKeys.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }
            json.WritePropertyName(key);
            if (value is null)
            {
                json.WriteNullValue();
            }
            else
            {
                value.WriteTo(json);
            }
        }
        json.WriteEndObject();
        json.Flush();
        _bodyHead = buffer.WrittenSpan[..headLength].ToArray();
        _bodyTail = buffer.WrittenSpan[placeholderEnd..].ToArray();
    }

    /// <summary>Bytes of the body around the messages array.</summary>
    public int BodyOverhead => _bodyHead.Length + _bodyTail.Length;

    /// <summary>Writes the request line for <paramref name="customIdJson"/> (escaped string content) and <paramref name="messages"/> (raw JSON).</summary>
    public void Write(IBufferWriter<byte> destination, ReadOnlySpan<byte> customIdJson, ReadOnlySpan<byte> messages)
    {
        destination.Write(LineHead);
        destination.Write(customIdJson);
        destination.Write(LineMiddle);
        destination.Write(_bodyHead);
        destination.Write(messages);
        destination.Write(_bodyTail);
        destination.Write("}"u8);
    }

    private static void WriteSampling(Utf8JsonWriter json, ModelConfig model)
    {
        var extra = model.ExtraBody;
        if (model.MaxTokens is { } maxTokens && !extra.ContainsKey("max_tokens"))
        {
            json.WriteNumber("max_tokens", maxTokens);
        }
        if (model.Temperature is { } temperature && !extra.ContainsKey("temperature"))
        {
            json.WriteNumber("temperature", temperature);
        }
        if (model.TopP is { } topP && !extra.ContainsKey("top_p"))
        {
            json.WriteNumber("top_p", topP);
        }
        if (model.EnableThinking is { } thinking && !extra.ContainsKey("enable_thinking"))
        {
            json.WriteBoolean("enable_thinking", thinking);
        }
    }
}
