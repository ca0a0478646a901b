using System.Net;
using System.Net.Sockets;
using BatchInfer.Host.Cli;
using BatchInfer.Host.Daemon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInfer.Tests.Host.Cli;

/// <summary>No probe before the first call: a daemon that refuses the connection before it has answered is looked for again.</summary>
public sealed class DaemonClientTests
{
    private const string StatusJson =
        """{"pid":7,"version":"v","work_directory":"/w","started_at":"2026-01-01T00:00:00+00:00","uptime_seconds":1.5,"tasks":2,"active_tasks":1}""";

    [Fact]
    public async Task FirstCall_Refused_IsMadeAgainWithTheDaemonFoundAnew()
    {
        await using var server = await StatusServer.StartAsync();
        var found = 0;
        using var client = new DaemonClient(Info(ClosedPort()), _ =>
        {
            found++;
            return Task.FromResult<DaemonInfo?>(Info(server.Port));
        });

        var status = await client.StatusAsync(CancellationToken.None);

        Assert.Equal(1, found);
        Assert.Equal(2, status.Tasks);
        Assert.Equal(server.Port, client.Daemon.Port);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task FirstCall_RefusedAndNoDaemonFound_IsNotRunning()
    {
        using var client = new DaemonClient(Info(ClosedPort()), _ => Task.FromResult<DaemonInfo?>(null));

        await Assert.ThrowsAsync<DaemonNotRunningException>(() => client.StatusAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AfterAnAnswer_Refused_IsAnError()
    {
        var server = await StatusServer.StartAsync();
        var found = 0;
        using var client = new DaemonClient(Info(server.Port), _ =>
        {
            found++;
            return Task.FromResult<DaemonInfo?>(Info(server.Port));
        });
        await client.StatusAsync(CancellationToken.None);
        await server.DisposeAsync();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.StatusAsync(CancellationToken.None));

        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Equal(0, found);
    }

    [Fact]
    public async Task WithoutRelocation_Refused_IsAnError()
    {
        using var client = new DaemonClient(Info(ClosedPort()));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.StatusAsync(CancellationToken.None));

        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
    }

    private static DaemonInfo Info(int port) => new(Environment.ProcessId, port, "token", DateTimeOffset.UnixEpoch);

    /// <summary>A loopback port nobody listens on (taken and released at once).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Answers GET /api/daemon with a fixed status, as the daemon would, and counts the requests.</summary>
    private sealed class StatusServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private StatusServer(WebApplication app) => _app = app;

        public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        public int Requests => _requests;

        public static async Task<StatusServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new StatusServer(app);
            app.MapGet("/api/daemon", () =>
            {
                Interlocked.Increment(ref server._requests);
                return Microsoft.AspNetCore.Http.Results.Text(StatusJson, "application/json");
            });
            await app.StartAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
