using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchInfer.Simulator.Processing;

/// <summary>The lines of output and error files, in the Batch API's request-output format.</summary>
internal sealed class RecordResponder(SimulatorProfile profile, SimulatorRandom random)
{
    private const int QuotedChars = 64;

    public string Success(string customId, JsonElement body)
    {
        var messages = body.GetProperty("messages");
        var last = messages[messages.GetArrayLength() - 1];
        var question = ContentOf(last);
        var answer = $"Simulated answer for {customId}: {(question.Length > QuotedChars ? question[..QuotedChars] : question)}";
        var promptTokens = Math.Max(1, messages.EnumerateArray().Sum(m => ContentOf(m).Length) / 4);
        var completionTokens = Math.Max(1, answer.Length / 4);
        var response = new JsonObject
        {
            ["status_code"] = profile.SuccessStatusCode,
            ["request_id"] = random.Id("req_"),
            ["body"] = new JsonObject
            {
                ["id"] = random.Id("chatcmpl-"),
                ["object"] = "chat.completion",
                ["created"] = 0,
                ["model"] = body.GetProperty("model").GetString(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = promptTokens,
                    ["completion_tokens"] = completionTokens,
                    ["total_tokens"] = promptTokens + completionTokens,
                },
            },
        };
        return Line(customId, response, error: null);
    }

    /// <summary>A transient failure: trying the record again may succeed.</summary>
    public string ServerError(string customId) =>
        Line(customId, ErrorResponse(500, "The server had an error while processing your request. (simulated)", "server_error", null, "server_error"), error: null);

    /// <summary>A failure that retrying cannot fix.</summary>
    public string InvalidRequest(string customId) =>
        Line(customId, ErrorResponse(400, "Invalid request (simulated permanent error).", "invalid_request_error", "messages", "invalid_value"), error: null);

    /// <summary>What an expired batch writes for a record it never got to.</summary>
    public string Expired(string customId) =>
        Line(customId, response: null, new JsonObject
        {
            ["code"] = "batch_expired",
            ["message"] = "This request could not be executed before the completion window expired.",
        });

    private JsonObject ErrorResponse(int status, string message, string type, string? param, string code) => new()
    {
        ["status_code"] = status,
        ["request_id"] = random.Id("req_"),
        ["body"] = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        },
    };

    private string Line(string customId, JsonObject? response, JsonObject? error) => new JsonObject
    {
        ["id"] = random.Id("batch_req_"),
        ["custom_id"] = customId,
        ["response"] = response,
        ["error"] = error,
    }.ToJsonString();

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
