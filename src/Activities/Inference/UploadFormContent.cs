using System.Net.Http.Headers;

namespace BatchInfer.Activities.Inference;

/// <summary>
/// The form of POST /files written the way curl, browsers, Go's mime/multipart and the official SDKs write it: quoted
/// <c>name</c> and <c>filename</c>, an unquoted boundary, no content type on the plain field, one on the file part, and a
/// Content-Length. <see cref="MultipartFormDataContent"/> alone writes <c>name=purpose</c> and <c>boundary="…"</c>: legal
/// MIME, but gateways with strict or hand-written parsers refuse it (docs/providers.md, "Wire format").
/// </summary>
internal static class UploadFormContent
{
    /// <summary>What Go's mime/multipart and the SDKs send for a file of unknown kind; every gateway accepts it.</summary>
    public const string FileContentType = "application/octet-stream";

    public static MultipartFormDataContent Create(string path, string fileName, string purpose)
    {
        var boundary = "batch-infer-" + Guid.NewGuid().ToString("N");
        var form = new MultipartFormDataContent(boundary);
        form.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        var field = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(purpose));
        field.Headers.ContentDisposition = Disposition("purpose", fileName: null);
        form.Add(field);

        // Headers go out in the order they are set: Content-Disposition first, as curl writes them.
        var file = new JsonlFileContent(path);
        file.Headers.ContentDisposition = Disposition("file", fileName);
        file.Headers.ContentType = new MediaTypeHeaderValue(FileContentType);
        form.Add(file);
        return form;
    }

    // The header value keeps what it is given: the quotes are ours, and a quote or backslash in a name is escaped.
    private static ContentDispositionHeaderValue Disposition(string name, string? fileName) => new("form-data")
    {
        Name = Quoted(name),
        FileName = fileName is null ? null : Quoted(fileName),
    };

    private static string Quoted(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
