using System.Reflection;
using BatchInfer.Host.Daemon;
using BatchInfer.Host.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace BatchInfer.Host.Api;

/// <summary>/api/daemon: who is serving, for how long, with how many tasks; and a graceful stop.</summary>
internal static class DaemonApi
{
    private static readonly string Version =
        typeof(DaemonApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static IEndpointRouteBuilder MapDaemonApi(this IEndpointRouteBuilder endpoints)
    {
        var daemon = endpoints.MapGroup("/api/daemon").WithTags("daemon");
        daemon.MapGet("/", StatusAsync);
        daemon.MapPost("/stop", (IHostApplicationLifetime lifetime) =>
        {
            // Tasks are durable: the next daemon resumes them where this one stops.
            lifetime.StopApplication();
            return TypedResults.Accepted((string?)null);
        });
        return endpoints;
    }

    private static async Task<Ok<DaemonStatusDto>> StatusAsync(DaemonOptions options, TaskQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var tasks = await queries.ListAsync(cancellationToken);
        return TypedResults.Ok(new DaemonStatusDto(
            Environment.ProcessId,
            Version,
            Directory.GetCurrentDirectory(),
            options.StartedAt,
            Math.Round((time.GetUtcNow() - options.StartedAt).TotalSeconds, 1),
            tasks.Count,
            await queries.CountActiveAsync(cancellationToken)));
    }
}
