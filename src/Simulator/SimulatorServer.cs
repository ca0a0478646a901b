using System.Net;
using System.Text.Json;
using BatchInfer.Simulator.Api;
using BatchInfer.Simulator.Processing;
using BatchInfer.Simulator.Storage;
using BatchInfer.Simulator.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BatchInfer.Simulator;

/// <summary>An OpenAI-compatible Batch API server on 127.0.0.1, in process (tests, demo) or standalone.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ApiGate _gate;
    private readonly string? _ownedStorage;

    private SimulatorServer(WebApplication app, Uri baseUrl, SimulatorStats stats, ApiGate gate, string? ownedStorage)
    {
        _app = app;
        BaseUrl = baseUrl;
        Stats = stats;
        _gate = gate;
        _ownedStorage = ownedStorage;
    }

    /// <summary>The base_url to configure, e.g. http://127.0.0.1:PORT/v1 (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public SimulatorStats Stats { get; }

    public static async Task<SimulatorServer> StartAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var profile = options.ResolveProfile();
        var ownedStorage = options.StorageDirectory is null ? Path.Combine(Path.GetTempPath(), "batchinfer-simulator-" + Guid.NewGuid().ToString("N")) : null;
        var storage = options.StorageDirectory ?? ownedStorage!;
        Directory.CreateDirectory(storage);
        var spec = OpenApiSpec.Instance;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = storage });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            // Upload size is checked against the profile while streaming, with a clear error.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddRoutingCore();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
        });
        var stats = new SimulatorStats();
        var random = new SimulatorRandom(options.Seed);
        var time = TimeProvider.System;
        builder.Services.AddSingleton(options).AddSingleton(profile).AddSingleton(spec).AddSingleton(stats).AddSingleton(random)
            .AddSingleton(time)
            .AddSingleton(new FileStore(storage, random, time))
            .AddSingleton<BatchStore>()
            .AddSingleton<BatchProcessor>()
            .AddSingleton<ApiGate>();

        var app = builder.Build();
        var gate = app.Services.GetRequiredService<ApiGate>();
        app.Use(gate.InvokeAsync);
        app.UseRouting();
        app.MapFilesApi();
        app.MapBatchesApi();
        app.MapGet("/_simulator/stats", (SimulatorStats s) => Results.Json(s.Snapshot()));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorServer(app, new Uri(address.TrimEnd('/') + "/v1"), stats, gate, ownedStorage);
    }

    /// <summary>Scripts a fault for the next API call that matches it (see <see cref="SimulatorFault"/>).</summary>
    public void EnqueueFault(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _gate.Enqueue(fault);
    }

    /// <summary>
    /// Completes when <paramref name="cancellationToken"/> fires (the standalone command passes its Ctrl+C token) or the
    /// server is stopped. The simulator installs no Ctrl+C handler of its own: in process, that belongs to the host.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Batch workers first, so no file is being written while storage goes away.
        await _app.Services.GetRequiredService<BatchProcessor>().DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownedStorage is not null)
        {
            try
            {
                Directory.Delete(_ownedStorage, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a late reader: the temp directory is left for the OS to clean.
            }
        }
    }
}
