using Microsoft.AspNetCore.Http;

namespace BatchInfer.Simulator.Api;

/// <summary>In front of every /v1 call: bearer auth, the response delay and fault injection (scripted first, then random).</summary>
internal sealed class ApiGate(SimulatorOptions options, SimulatorStats stats, SimulatorRandom random, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<SimulatorFault> _scripted = [];

    public void Enqueue(SimulatorFault fault)
    {
        lock (_lock)
        {
            _scripted.Add(fault);
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        stats.ApiCalled();
        if (!Authorized(context.Request.Headers.Authorization.ToString()))
        {
            // The key is never echoed back.
            await ApiError.WriteAsync(context, StatusCodes.Status401Unauthorized, "Incorrect API key provided.", ApiError.InvalidRequest, "invalid_api_key");
            return;
        }
        if (options.ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.ResponseDelay, time, context.RequestAborted);
        }
        var fault = TakeFault(context.Request.Method, path);
        if (fault is null)
        {
            await next(context);
            return;
        }
        stats.FaultInjected(fault.Kind);
        await InjectAsync(context, next, fault);
    }

    private bool Authorized(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header[scheme.Length..].Trim() is not { Length: > 0 } token)
        {
            return false;
        }
        return options.RequiredToken is null || string.Equals(options.RequiredToken, token, StringComparison.Ordinal);
    }

    private SimulatorFault? TakeFault(string method, string path)
    {
        lock (_lock)
        {
            var index = _scripted.FindIndex(f => f.Matches(method, path));
            if (index >= 0)
            {
                var scripted = _scripted[index];
                _scripted.RemoveAt(index);
                return scripted;
            }
        }
        if (options.HttpFaultRate <= 0 || random.NextDouble() >= options.HttpFaultRate)
        {
            return null;
        }
        var kind = (FaultKind)random.Next(4);
        // A lost answer to a create is the costly case worth simulating: the batch exists but the client does not know.
        if (kind == FaultKind.DropConnection && method == HttpMethods.Post && path == "/v1/batches")
        {
            kind = FaultKind.DropAfterHandling;
        }
        return new SimulatorFault(kind, RetryAfterSeconds: options.RetryAfterSeconds);
    }

    private static async Task InjectAsync(HttpContext context, RequestDelegate next, SimulatorFault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.InternalServerError:
                await ApiError.WriteAsync(context, StatusCodes.Status500InternalServerError, "The server had an error while processing your request. (simulated)", "server_error", "server_error");
                break;
            case FaultKind.ServiceUnavailable:
                await ApiError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The engine is currently overloaded. (simulated)", "server_error", "service_unavailable");
                break;
            case FaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiError.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Rate limit reached. (simulated)", "requests", "rate_limit_exceeded");
                break;
            case FaultKind.DropConnection:
                await ReadPartOfBodyAsync(context);
                context.Abort();
                break;
            case FaultKind.DropAfterHandling:
                // The answer goes nowhere; then the connection is cut before anything reaches the client.
                context.Response.Body = Stream.Null;
                await next(context);
                context.Abort();
                break;
        }
    }

    /// <summary>Cuts an upload in the middle, so that a client that cannot resend its content is caught out.</summary>
    private static async Task ReadPartOfBodyAsync(HttpContext context)
    {
        var remaining = (context.Request.ContentLength ?? 0) / 2;
        var buffer = new byte[16 * 1024];
        try
        {
            while (remaining > 0)
            {
                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }
                remaining -= read;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away first; dropping the connection is all that is left to do.
        }
    }
}
