using System.Globalization;
using System.Text.Json;
using BatchInfer.Simulator.Processing;
using BatchInfer.Simulator.Storage;
using BatchInfer.Simulator.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BatchInfer.Simulator.Api;

internal static class BatchesApi
{
    // From the spec's Metadata description: 16 pairs, keys up to 64 characters, values up to 512.
    private const int MaxMetadataPairs = 16;
    private const int MaxMetadataKey = 64;
    private const int MaxMetadataValue = 512;
    private const int MaxListLimit = 100;
    private const int DefaultListLimit = 20;

    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/batches", CreateAsync);
        app.MapGet("/v1/batches", List);
        app.MapGet("/v1/batches/{batchId}", (string batchId, BatchStore batches, SimulatorProfile profile) =>
            batches.Get(batchId) is { } batch ? Results.Json(batch.ToJson(profile)) : BatchNotFound(batchId));
        app.MapPost("/v1/batches/{batchId}/cancel", Cancel);
        return app;
    }

    private static IResult BatchNotFound(string batchId) => ApiError.NotFound($"No batch found with id '{batchId}'.", "batch_id");

    private static async Task<IResult> CreateAsync(HttpContext context, FileStore files, BatchStore batches, BatchProcessor processor, SimulatorProfile profile, OpenApiSpec spec, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return ApiError.BadRequest($"The request body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var body = document.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
            {
                return ApiError.BadRequest("The request body must be a JSON object.");
            }
            if (SchemaValidator.Validate(spec.CreateBatchRequest, body, string.Empty, depth: 8) is { } violation)
            {
                return ApiError.BadRequest($"Invalid request: {violation}", violation.Param, "invalid_value");
            }
            var metadata = ReadMetadata(body, out var metadataProblem);
            if (metadataProblem is not null)
            {
                return ApiError.BadRequest(metadataProblem, "metadata", "invalid_value");
            }
            var endpoint = body.GetProperty("endpoint").GetString()!;
            if (endpoint != InputFileValidator.ChatCompletions)
            {
                return ApiError.BadRequest($"The simulator serves only {InputFileValidator.ChatCompletions}, not '{endpoint}'.", "endpoint", "invalid_value");
            }
            var fileId = body.GetProperty("input_file_id").GetString()!;
            if (files.Get(fileId) is not { } input)
            {
                return ApiError.BadRequest($"Invalid 'input_file_id': no file '{fileId}'.", "input_file_id", "invalid_value");
            }
            if (input.Facts is not { } facts || input.Purpose != StoredFile.BatchPurpose)
            {
                return ApiError.BadRequest($"File '{fileId}' was not uploaded with purpose 'batch'.", "input_file_id", "invalid_value");
            }
            if (facts.Url != endpoint)
            {
                return ApiError.BadRequest($"The requests in '{fileId}' are for {facts.Url}, not the batch endpoint {endpoint}.", "endpoint", "invalid_value");
            }
            var batch = processor.Create(input, endpoint, body.GetProperty("completion_window").GetString()!, metadata);
            return Results.Json(batch.ToJson(profile));
        }
    }

    private static Dictionary<string, string>? ReadMetadata(JsonElement body, out string? problem)
    {
        problem = null;
        if (!body.TryGetProperty("metadata", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        // The schema check already made it an object of strings.
        var metadata = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        if (metadata.Count > MaxMetadataPairs)
        {
            problem = $"metadata has {metadata.Count} pairs; at most {MaxMetadataPairs} are allowed";
        }
        else if (metadata.Keys.FirstOrDefault(k => k.Length > MaxMetadataKey) is { } key)
        {
            problem = $"metadata key '{key}' is longer than {MaxMetadataKey} characters";
        }
        else if (metadata.FirstOrDefault(p => p.Value.Length > MaxMetadataValue) is { Key: { } longKey })
        {
            problem = $"metadata value of '{longKey}' is longer than {MaxMetadataValue} characters";
        }
        return metadata;
    }

    private static IResult List(HttpContext context, BatchStore batches, SimulatorProfile profile)
    {
        var limit = DefaultListLimit;
        if (context.Request.Query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListLimit))
        {
            return ApiError.BadRequest($"'limit' must be between 1 and {MaxListLimit}, not '{limitText}'.", "limit", "invalid_value");
        }
        var after = context.Request.Query["after"].ToString() is { Length: > 0 } afterText ? afterText : null;
        if (batches.List(limit, after) is not { } found)
        {
            return ApiError.BadRequest($"'after' names no batch: '{after}'.", "after", "invalid_value");
        }
        var (page, hasMore) = found;
        return Results.Json(new
        {
            @object = "list",
            data = page.Select(b => b.ToJson(profile)).ToList(),
            first_id = page.FirstOrDefault()?.Id,
            last_id = page.LastOrDefault()?.Id,
            has_more = hasMore,
        });
    }

    private static IResult Cancel(string batchId, BatchStore batches, SimulatorProfile profile, TimeProvider time)
    {
        if (batches.Get(batchId) is not { } batch)
        {
            return BatchNotFound(batchId);
        }
        return batch.TryBeginCancel(time.GetUtcNow().ToUnixTimeSeconds())
            ? Results.Json(batch.ToJson(profile))
            : ApiError.Result(StatusCodes.Status409Conflict, $"Cannot cancel a batch with status '{profile.Spell(batch.Status)}'.", ApiError.InvalidRequest, "batch_id", "batch_not_cancellable");
    }
}
