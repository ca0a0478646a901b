using BatchInfer.Simulator.Storage;
using BatchInfer.Simulator.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace BatchInfer.Simulator.Api;

internal static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/files", UploadAsync);
        app.MapGet("/v1/files/{fileId}", (string fileId, FileStore files) =>
            files.Get(fileId) is { } file ? Results.Json(file.ToJson()) : FileNotFound(fileId));
        app.MapGet("/v1/files/{fileId}/content", (string fileId, FileStore files) =>
            files.Get(fileId) is { } file ? Results.File(file.Path, "application/octet-stream", file.FileName) : FileNotFound(fileId));
        return app;
    }

    private static IResult FileNotFound(string fileId) => ApiError.NotFound($"No such File object: {fileId}", "file_id");

    /// <summary>Streams the multipart file part straight to disk, then validates it line by line (never all in memory).</summary>
    private static async Task<IResult> UploadAsync(HttpContext context, FileStore files, SimulatorProfile profile, SimulatorStats stats, OpenApiSpec spec, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return ApiError.BadRequest("Uploads must be multipart/form-data with a 'file' and a 'purpose' part.", "file");
        }
        var form = new UploadForm(files.NewPath());
        try
        {
            var reader = new MultipartReader(boundary, context.Request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (await form.ReadAsync(section, spec, profile, cancellationToken) is { } refusal)
                {
                    return refusal;
                }
            }
            if (form.Missing(spec) is { } missing)
            {
                return ApiError.BadRequest($"Missing required parameter: '{missing}'.", missing, "missing_required_parameter");
            }
            InputFacts? facts = null;
            if (form.Purpose == StoredFile.BatchPurpose)
            {
                if (!form.FileName!.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                {
                    return ApiError.BadRequest($"Batch input files must be .jsonl files, not '{form.FileName}'.", "file", "invalid_file_format");
                }
                try
                {
                    facts = await new InputFileValidator(profile, spec).ValidateAsync(form.Path, cancellationToken);
                }
                catch (InputFileException e)
                {
                    return ApiError.BadRequest($"Invalid batch input file '{form.FileName}': {e.Message}", e.Param, "invalid_file");
                }
            }
            var stored = files.Add(form.Path, form.FileName!, form.Purpose!, facts);
            form.Kept = true;
            stats.FileUploaded();
            return Results.Json(stored.ToJson());
        }
        finally
        {
            if (!form.Kept)
            {
                File.Delete(form.Path);
            }
        }
    }
}
