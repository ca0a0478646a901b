using BatchInfer.Activities.Inference;
using BatchInfer.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using BatchInfer.Tests.Simulator;

namespace BatchInfer.Tests.Activities.Inference;

/// <summary>The real client (DI, IHttpClientFactory, standard resilience handler) against a real simulator over loopback.</summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    public const string Password = "sk-very-secret-password-42";

    private readonly ServiceProvider _services;

    private ClientHarness(SimulatorHarness simulator, ServiceProvider services, IBatchApi api, List<TimeSpan> retryDelays)
    {
        Simulator = simulator;
        _services = services;
        Api = api;
        RetryDelays = retryDelays;
    }

    public SimulatorHarness Simulator { get; }

    public IBatchApi Api { get; }

    /// <summary>The delays the resilience handler chose before each retry.</summary>
    public List<TimeSpan> RetryDelays { get; }

    public static async Task<ClientHarness> StartAsync(SimulatorOptions? options = null, string password = Password, Action<BatchApiOptions>? configure = null)
    {
        var simulator = await SimulatorHarness.StartAsync(options ?? new SimulatorOptions { Seed = 21, RequiredToken = Password });
        var delays = new List<TimeSpan>();
        var services = new ServiceCollection()
            .AddBatchApi(
                resilience =>
                {
                    // Short waits keep the tests quick; Retry-After still overrides them.
                    resilience.Retry.Delay = TimeSpan.FromMilliseconds(20);
                    resilience.Retry.OnRetry = args =>
                    {
                        lock (delays)
                        {
                            delays.Add(args.RetryDelay);
                        }
                        return default;
                    };
                },
                configure)
            .BuildServiceProvider();
        var api = services.GetRequiredService<IBatchApiFactory>().Create(new BatchEndpoint(simulator.Server.BaseUrl.ToString(), password, "spark"));
        return new ClientHarness(simulator, services, api, delays);
    }

    public async Task<RemoteBatch> WaitForEndAsync(string batchId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var batch = await Api.GetBatchAsync(batchId, CancellationToken.None);
            if (batch.State.IsTerminal())
            {
                return batch;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"batch {batchId} still {batch.RawStatus} after 30 s");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
