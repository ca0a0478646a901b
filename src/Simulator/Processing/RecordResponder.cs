using System.Text.Json;

namespace BatchInfer.Simulator.Processing;

/// <summary>
/// The lines of output and error files, in the Batch API's request-output format. Written field by field into the
/// line's writer: building a JsonObject tree per record cost the simulator more CPU than the client it serves.
/// </summary>
internal sealed class RecordResponder(SimulatorProfile profile, SimulatorRandom random)
{
    private const int QuotedChars = 64;

    public void Success(Utf8JsonWriter json, string customId, JsonElement body)
    {
        var messages = body.GetProperty("messages");
        var question = ContentOf(messages[messages.GetArrayLength() - 1]);
        var answer = $"Simulated answer for {customId}: {(question.Length > QuotedChars ? question[..QuotedChars] : question)}";
        var promptChars = 0;
        foreach (var message in messages.EnumerateArray())
        {
            promptChars += ContentOf(message).Length;
        }
        var promptTokens = Math.Max(1, promptChars / 4);
        var completionTokens = Math.Max(1, answer.Length / 4);
        // Ids drawn in the order a seed has always given them.
        var requestId = random.Id("req_");
        var completionId = random.Id("chatcmpl-");

        StartLine(json, customId);
        json.WriteStartObject("response");
        json.WriteNumber("status_code", profile.SuccessStatusCode);
        json.WriteString("request_id", requestId);
        json.WriteStartObject("body");
        json.WriteString("id", completionId);
        json.WriteString("object", "chat.completion");
        json.WriteNumber("created", 0);
        json.WriteString("model", body.GetProperty("model").GetString());
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", answer);
        json.WriteEndObject();
        json.WriteString("finish_reason", "stop");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", promptTokens);
        json.WriteNumber("completion_tokens", completionTokens);
        json.WriteNumber("total_tokens", promptTokens + completionTokens);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteNull("error");
        json.WriteEndObject();
    }

    /// <summary>A transient failure: trying the record again may succeed.</summary>
    public void ServerError(Utf8JsonWriter json, string customId) =>
        ErrorLine(json, customId, 500, "The server had an error while processing your request. (simulated)", "server_error", null, "server_error");

    /// <summary>A failure that retrying cannot fix.</summary>
    public void InvalidRequest(Utf8JsonWriter json, string customId) =>
        ErrorLine(json, customId, 400, "Invalid request (simulated permanent error).", "invalid_request_error", "messages", "invalid_value");

    /// <summary>What an expired batch writes for a record it never got to.</summary>
    public void Expired(Utf8JsonWriter json, string customId)
    {
        StartLine(json, customId);
        json.WriteNull("response");
        json.WriteStartObject("error");
        json.WriteString("code", "batch_expired");
        json.WriteString("message", "This request could not be executed before the completion window expired.");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void ErrorLine(Utf8JsonWriter json, string customId, int status, string message, string type, string? param, string code)
    {
        var requestId = random.Id("req_");
        StartLine(json, customId);
        json.WriteStartObject("response");
        json.WriteNumber("status_code", status);
        json.WriteString("request_id", requestId);
        json.WriteStartObject("body");
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        json.WriteString("param", param);
        json.WriteString("code", code);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteNull("error");
        json.WriteEndObject();
    }

    private void StartLine(Utf8JsonWriter json, string customId)
    {
        json.WriteStartObject();
        json.WriteString("id", random.Id("batch_req_"));
        json.WriteString("custom_id", customId);
    }

    private static string ContentOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(p => p.GetProperty("text").GetString())),
            _ => string.Empty,
        };
    }
}
