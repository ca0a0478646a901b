using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>A webhook on 127.0.0.1 that records every POST body; the first <c>failures</c> POSTs are answered 503.</summary>
internal sealed class Webhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly TaskCompletionSource<string> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _posts;

    private Webhook(WebApplication app) => _app = app;

    public string Url => new Uri(new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/hook").ToString();

    /// <summary>Every body POSTed, the refused ones included.</summary>
    public IReadOnlyCollection<string> Bodies => _bodies;

    public static async Task<Webhook> StartAsync(int failures)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var webhook = new Webhook(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            webhook._bodies.Enqueue(body);
            if (Interlocked.Increment(ref webhook._posts) <= failures)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            webhook._accepted.TrySetResult(body);
            return Results.Ok();
        });
        await app.StartAsync();
        return webhook;
    }

    /// <summary>The body of the first POST answered 200; fails the test after <paramref name="timeout"/>.</summary>
    public Task<string> AcceptedAsync(TimeSpan timeout) => _accepted.Task.WaitAsync(timeout);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
