using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace BatchInfer.Simulator.Validation;

/// <summary>The official OpenAI spec (trimmed to files, batches and chat), embedded, parsed once.</summary>
internal sealed class OpenApiSpec
{
    private const string ResourceName = "BatchInfer.Simulator.openai-batch-openapi.yaml";

    private static readonly Lazy<OpenApiSpec> Shared = new(Load);

    private OpenApiSpec(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas ?? throw new InvalidOperationException("the embedded OpenAPI spec has no component schemas");
        CreateBatchRequest = schemas["CreateBatchRequest"];
        CreateFileRequest = schemas["CreateFileRequest"];
        ChatCompletionRequest = schemas["CreateChatCompletionRequest"];
    }

    public static OpenApiSpec Instance => Shared.Value;

    public IOpenApiSchema CreateBatchRequest { get; }

    public IOpenApiSchema CreateFileRequest { get; }

    public IOpenApiSchema ChatCompletionRequest { get; }

    private static OpenApiSpec Load()
    {
        using var resource = typeof(OpenApiSpec).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var buffer = new MemoryStream();
        resource.CopyTo(buffer);
        buffer.Position = 0;
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var result = OpenApiDocument.Load(buffer, OpenApiConstants.Yaml, settings);
        if (result.Document is null || result.Diagnostic?.Errors.Count > 0)
        {
            throw new InvalidOperationException(
                "the embedded OpenAPI spec does not parse: " + string.Join("; ", result.Diagnostic?.Errors.Select(e => e.ToString()) ?? []));
        }
        return new OpenApiSpec(result.Document);
    }
}
