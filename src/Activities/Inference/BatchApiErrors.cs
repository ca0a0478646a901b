using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BatchInfer.Activities.Inference;

/// <summary>Turns failed calls into <see cref="BatchApiException"/>s that say what to fix, and never carry the password.</summary>
internal sealed class BatchApiErrors(BatchEndpoint endpoint)
{
    private const int MaxQuotedChars = 500;

    public const string CredentialRejected =
        "the provider rejected the credential (HTTP 401): check model.password or BATCH_INFER_PASSWORD";

    public async Task<BatchApiException> FromResponseAsync(HttpResponseMessage response, string call, string? id, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var quoted = await ProviderMessageAsync(response, cancellationToken);
        var said = quoted is null ? string.Empty : $"; the provider said: {quoted}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new BatchApiException(CredentialRejected, status, isPermanent: true),
            HttpStatusCode.Forbidden => new BatchApiException(
                $"the provider refused {call} (HTTP 403): check that the credential may use the Batch API at model.base_url ({endpoint.BaseUrl}){said}",
                status,
                isPermanent: true),
            HttpStatusCode.NotFound => new BatchApiException(
                $"{call} was not found (HTTP 404): check model.base_url ({endpoint.BaseUrl})"
                + (id is null ? string.Empty : $" and the id '{id}'") + said,
                status,
                isPermanent: true),
            HttpStatusCode.BadRequest => new BatchApiException(
                $"the provider refused {call} as a bad request (HTTP 400): {quoted ?? "no reason given"}",
                status,
                isPermanent: true),
            _ when IsTransient(response.StatusCode) => new BatchApiException(
                $"{call} kept failing with HTTP {status} after retries{said}",
                status,
                isPermanent: false),
            _ => new BatchApiException($"the provider refused {call} (HTTP {status}){said}", status, isPermanent: true),
        };
    }

    /// <summary>Failures below HTTP (connection reset, timeout, open circuit): worth retrying later.</summary>
    public static bool IsTransport(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or TimeoutRejectedException or BrokenCircuitException or HttpIOException => true,
        // A socket error while reading a body; other IO errors (a full disk) are ours, not the provider's.
        IOException { InnerException: SocketException } => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public BatchApiException FromTransport(Exception exception, string call) =>
        new($"{call} failed in transit: {Scrub(exception.Message)}", statusCode: null, isPermanent: false, exception);

    public BatchApiException Unreadable(string call, Exception inner) =>
        new($"the provider's answer to {call} is not the JSON the Batch API specifies: {Scrub(inner.Message)}", statusCode: null, isPermanent: false, inner);

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Some providers echo the key they refused; whatever they say is scrubbed before it is quoted.</summary>
    public string Scrub(string text) =>
        endpoint.Password.Length == 0 ? text : text.Replace(endpoint.Password, "***", StringComparison.Ordinal);

    private async Task<string?> ProviderMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        string? message = null;
        try
        {
            var parsed = JsonSerializer.Deserialize(body, BatchApiJsonContext.Default.ErrorResponseDto);
            message = parsed?.Error?.Message ?? parsed?.Message;
        }
        catch (JsonException)
        {
            // Not the spec's error shape (a proxy's HTML page, plain text): quote the start of it instead.
        }
        message ??= body;
        message = Scrub(message.Trim());
        return message.Length > MaxQuotedChars ? message[..MaxQuotedChars] + "…" : message;
    }
}
