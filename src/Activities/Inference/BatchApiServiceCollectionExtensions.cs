using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace BatchInfer.Activities.Inference;

public static class BatchApiServiceCollectionExtensions
{
    public const string HttpClientName = "BatchInfer.BatchApi";

    /// <summary>The client for POST /batches: same timeouts, but the handler never retries that POST by itself.</summary>
    public const string CreateBatchHttpClientName = "BatchInfer.BatchApi.CreateBatch";

    /// <summary>
    /// Registers <see cref="IBatchApiFactory"/> and its HttpClients with the standard resilience handler: retries on
    /// 408/429/5xx and network errors, honouring Retry-After, with timeouts long enough for a 100 MB upload. The
    /// factory's request logging is off (every poll would pay for its scopes); retries are logged by the handler.
    /// </summary>
    /// <param name="configureResilience">Applied after our defaults (tests shorten the delays with it).</param>
    public static IServiceCollection AddBatchApi(
        this IServiceCollection services,
        Action<HttpStandardResilienceOptions>? configureResilience = null,
        Action<BatchApiOptions>? configureOptions = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<BatchApiOptions>();
        if (configureOptions is not null)
        {
            options.Configure(configureOptions);
        }
        services.TryAddSingleton<IBatchApiFactory, BatchApiFactory>();

        services.AddHttpClient(HttpClientName, ConfigureClient)
            .RemoveAllLoggers()
            .AddStandardResilienceHandler(o =>
            {
                ForLargeUploads(o);
                configureResilience?.Invoke(o);
            })
            .SelectPipelineByAuthority();
        services.AddHttpClient(CreateBatchHttpClientName, ConfigureClient)
            .RemoveAllLoggers()
            .AddStandardResilienceHandler(o =>
            {
                ForLargeUploads(o);
                configureResilience?.Invoke(o);
                // Creating a batch costs money: SubmitBatch looks for the batch by its tag before it posts again.
                o.Retry.DisableForUnsafeHttpMethods();
            })
            .SelectPipelineByAuthority();
        return services;
    }

    private static void ConfigureClient(HttpClient client)
    {
        // The handler's timeouts govern; HttpClient's own 100 s default would cut a slow 100 MB upload.
        client.Timeout = Timeout.InfiniteTimeSpan;
        // Providers' gateways log, rate-limit and sometimes refuse by User-Agent; .NET sends none by itself.
        client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
    }

    /// <summary><c>batch_infer/1.2.3</c>: the product and its version, without the build's commit suffix.</summary>
    public static readonly ProductInfoHeaderValue UserAgent = new("batch_infer", ProductVersion());

    private static string ProductVersion()
    {
        var version = typeof(BatchApiServiceCollectionExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return version.Split('+')[0];
    }

    private static void ForLargeUploads(HttpStandardResilienceOptions options)
    {
        // 100 MB at 200 KB/s is about 8.5 minutes.
        options.AttemptTimeout.Timeout = TimeSpan.FromMinutes(10);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(45);
        // The handler's validation wants the sampling window at least twice the attempt timeout.
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(20);
        options.Retry.MaxRetryAttempts = 4;
        options.Retry.ShouldRetryAfterHeader = true;
    }
}
