namespace BatchInfer.Simulator;

public enum FaultKind
{
    /// <summary>HTTP 500 with the spec's error body; nothing was done.</summary>
    InternalServerError,

    /// <summary>HTTP 503; nothing was done.</summary>
    ServiceUnavailable,

    /// <summary>HTTP 429 with Retry-After; nothing was done.</summary>
    TooManyRequests,

    /// <summary>The connection is dropped before the call is handled (an upload is cut mid-body).</summary>
    DropConnection,

    /// <summary>The call is handled (a batch is created, a file stored), then the connection is dropped unanswered.</summary>
    DropAfterHandling,
}

/// <summary>
/// A fault scripted for the next matching API call, on top of <see cref="SimulatorOptions.HttpFaultRate"/>:
/// tests use it to put one precise fault where they need it.
/// </summary>
/// <param name="Method">HTTP method to match (null: any).</param>
/// <param name="PathPrefix">Path prefix to match, such as "/v1/batches" (null: any API path).</param>
/// <param name="RetryAfterSeconds">For <see cref="FaultKind.TooManyRequests"/>: the Retry-After value.</param>
public sealed record SimulatorFault(FaultKind Kind, string? Method = null, string? PathPrefix = null, int RetryAfterSeconds = 1)
{
    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (PathPrefix is null || path.StartsWith(PathPrefix, StringComparison.Ordinal));
}
