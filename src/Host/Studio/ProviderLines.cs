using System.Text.Json;

namespace BatchInfer.Host.Studio;

/// <summary>
/// What the Studio shows of a provider's answer line (the OpenAI batch output shape): whose it is, the answer's text, or
/// the error's code and message. Shown as text, never as markup.
/// </summary>
public static class ProviderLines
{
    private const int MaxShown = 2000;

    public sealed record Answer(string CustomId, string Text);

    public sealed record Failure(string CustomId, string Code, string Message);

    public static Answer ReadAnswer(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var text = root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("body", out var body) && body.TryGetProperty("choices", out var choices)
                && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                && choices[0].TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String
                    ? content.GetString()!
                    : line;
            return new Answer(CustomIdOf(root), Shorten(text));
        }
        catch (JsonException)
        {
            return new Answer("?", Shorten(line));
        }
    }

    /// <summary>
    /// The error of a provider line: <c>error</c>, or <c>response.body.error</c>; its code (else type, else http_STATUS). A
    /// round's failed.jsonl line is read through to the provider line it carries.
    /// </summary>
    public static Failure ReadFailure(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("request", out _) && root.TryGetProperty("error", out var last))
            {
                // A round's failed.jsonl line: the provider's last error line is embedded; none when the record got no answer.
                return last.ValueKind == JsonValueKind.Object
                    ? ReadFailure(last.GetRawText())
                    : new Failure(CustomIdOf(root), "no_answer", "The provider returned no line for this record in that round.");
            }
            var status = root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("status_code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : (int?)null;
            var error = root.TryGetProperty("error", out var top) && top.ValueKind == JsonValueKind.Object ? top
                : response.ValueKind == JsonValueKind.Object && response.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object
                    && body.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner
                : default;
            var name = Text(error, "code") ?? Text(error, "type") ?? (status is { } s ? "http_" + s : "no_error_given");
            return new Failure(CustomIdOf(root), name, Shorten(Text(error, "message") ?? line));
        }
        catch (JsonException)
        {
            return new Failure("?", "unreadable_line", Shorten(line));
        }
    }

    private static string CustomIdOf(JsonElement root) =>
        root.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "?";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Shorten(string text) => text.Length <= MaxShown ? text : text[..MaxShown] + "…";
}
