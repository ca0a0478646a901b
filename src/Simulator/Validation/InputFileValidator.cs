using System.Runtime.InteropServices;
using System.Text.Json;
using BatchInfer.Simulator.Storage;

namespace BatchInfer.Simulator.Validation;

/// <summary>An input file the provider would refuse: which line, which parameter, why.</summary>
internal sealed class InputFileException(string message, string param) : Exception(message)
{
    public string Param { get; } = param;
}

/// <summary>
/// Checks every line of a batch input file the way the Batch API documents it (request-input format) plus the
/// profile's limits: custom_id present and unique, method POST, url the chat endpoint, a body valid against
/// CreateChatCompletionRequest with model and messages, one model per file, request count and body size.
/// </summary>
internal sealed class InputFileValidator(SimulatorProfile profile, OpenApiSpec spec)
{
    public const string ChatCompletions = "/v1/chat/completions";

    // Top-level body fields are checked against the spec; the messages themselves only for being a non-empty array.
    private const int BodyDepth = 1;

    public async Task<InputFacts> ValidateAsync(string path, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? model = null;
        var lineNumber = 0;
        using var reader = LineFile.OpenText(path);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var lineModel = Check(line, lineNumber, ids);
            model ??= lineModel;
            if (!string.Equals(model, lineModel, StringComparison.Ordinal))
            {
                throw Fail(lineNumber, "body.model", $"model '{lineModel}' differs from '{model}' on an earlier line: a batch file may use one model only");
            }
            if (ids.Count > profile.MaxRequestsPerFile)
            {
                throw Fail(lineNumber, "file", $"the file has more than {profile.MaxRequestsPerFile} requests, the {profile.Name} limit");
            }
        }
        return ids.Count == 0
            ? throw new InputFileException("the file has no requests", "file")
            : new InputFacts(ids.Count, model!, ChatCompletions);
    }

    private string Check(string line, int lineNumber, HashSet<string> ids)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw Fail(lineNumber, "file", $"not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail(lineNumber, "file", "a line must be a JSON object");
            }
            var customId = String(root, "custom_id") ?? throw Fail(lineNumber, "custom_id", "custom_id is missing or not a non-empty string");
            if (!ids.Add(customId))
            {
                throw Fail(lineNumber, "custom_id", $"custom_id '{customId}' is used more than once in the file");
            }
            if (String(root, "method") != "POST")
            {
                throw Fail(lineNumber, "method", "method must be \"POST\"");
            }
            if (String(root, "url") != ChatCompletions)
            {
                throw Fail(lineNumber, "url", $"url must be \"{ChatCompletions}\", the batch endpoint");
            }
            if (!root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                throw Fail(lineNumber, "body", "body is missing or not an object");
            }
            if (profile.MaxBodyBytes is { } limit && JsonMarshal.GetRawUtf8Value(body).Length is var size && size > limit)
            {
                throw Fail(lineNumber, "body", $"the request body is {size} bytes, over the {profile.Name} limit of {limit} bytes");
            }
            if (SchemaValidator.Validate(spec.ChatCompletionRequest, body, "body", BodyDepth) is { } violation)
            {
                throw Fail(lineNumber, violation.Param, violation.ToString());
            }
            if (body.GetProperty("messages") is not { ValueKind: JsonValueKind.Array } messages || messages.GetArrayLength() == 0)
            {
                throw Fail(lineNumber, "body.messages", "body.messages must be a non-empty array");
            }
            return String(body, "model") ?? throw Fail(lineNumber, "body.model", "body.model must be a non-empty string");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static InputFileException Fail(int lineNumber, string param, string message) => new($"line {lineNumber}: {message}", param);
}
