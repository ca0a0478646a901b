using System.Text.Json;
using BatchInfer.Simulator.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace BatchInfer.Simulator.Api;

/// <summary>The parts of a POST /v1/files form, read one section at a time.</summary>
internal sealed class UploadForm(string path)
{
    private const int MaxFieldChars = 1024;

    public string Path { get; } = path;

    public string? FileName { get; private set; }

    public string? Purpose { get; private set; }

    public bool Kept { get; set; }

    /// <summary>Reads one section; a refusal (bad field, file too large) is returned as the answer to send.</summary>
    public async Task<IResult?> ReadAsync(MultipartSection section, OpenApiSpec spec, SimulatorProfile profile, CancellationToken cancellationToken)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
        {
            return ApiError.BadRequest("A multipart section has no Content-Disposition.", "file");
        }
        // Strict gateways parse only quoted names, as curl, browsers and the SDKs send them; so does this simulator.
        if (!NamesQuoted(section.ContentDisposition!))
        {
            return ApiError.BadRequest($"Content-Disposition '{section.ContentDisposition}': name and filename must be quoted strings.", "file");
        }
        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
        var property = name.Split('[')[0];
        if (spec.CreateFileRequest.Properties?.ContainsKey(property) != true)
        {
            return ApiError.BadRequest($"Unrecognized request argument supplied: {name}", name, "unknown_parameter");
        }
        if (name == "file")
        {
            FileName = (HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star ? star : null)
                ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                ?? "upload";
            return await CopyFileAsync(section.Body, profile, cancellationToken);
        }
        var value = await new StreamReader(section.Body).ReadToEndAsync(cancellationToken);
        if (value.Length > MaxFieldChars)
        {
            return ApiError.BadRequest($"'{name}' is too long.", name);
        }
        if (name == "purpose")
        {
            if (SchemaValidator.Validate(spec.CreateFileRequest.Properties!["purpose"], JsonSerializer.SerializeToElement(value), "purpose", 1) is { } violation)
            {
                return ApiError.BadRequest($"Invalid value for 'purpose': {violation.Message}", "purpose", "invalid_value");
            }
            Purpose = value;
        }
        return null;
    }

    // Read from the raw header: the parsed value no longer tells whether a parameter was written quoted.
    private static bool NamesQuoted(string disposition) =>
        disposition.Split(';').Skip(1).Select(p => p.Split('=', 2)).All(p =>
            p.Length < 2 || p[0].Trim() is not ("name" or "filename") || p[1].Trim().StartsWith('"'));

    public string? Missing(OpenApiSpec spec) =>
        (spec.CreateFileRequest.Required ?? new HashSet<string>()).FirstOrDefault(r => r switch
        {
            "file" => FileName is null,
            "purpose" => Purpose is null,
            _ => false,
        });

    private async Task<IResult?> CopyFileAsync(Stream body, SimulatorProfile profile, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > profile.MaxFileBytes)
            {
                return ApiError.BadRequest($"The file is larger than {profile.MaxFileBytes} bytes, the {profile.Name} limit.", "file", "file_too_large");
            }
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return null;
    }
}
