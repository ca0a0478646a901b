using BatchInfer.Activities.Inference;
using BatchInfer.Simulator;
using BatchInfer.Tests.EndToEnd;

namespace BatchInfer.Tests.Activities.Inference;

public sealed class BatchApiResilienceTests
{
    private static readonly BatchTag Tag = new("task-r", 0, 2);

    [Fact]
    public async Task GetBatchAsync_429WithRetryAfter_WaitsWhatTheServerAsked()
    {
        await using var client = await ClientHarness.StartAsync();
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(1), "a.jsonl", CancellationToken.None);
        var created = await client.Api.CreateBatchAsync(fileId, Tag, "24h", CancellationToken.None);
        client.Simulator.Server.EnqueueFault(new SimulatorFault(FaultKind.TooManyRequests, "GET", "/v1/batches/", RetryAfterSeconds: 2));

        var batch = await client.Api.GetBatchAsync(created.Id, CancellationToken.None);

        Assert.Equal(created.Id, batch.Id);
        // The configured base delay is 20 ms; 2 s can only come from the Retry-After header.
        Assert.Equal([TimeSpan.FromSeconds(2)], client.RetryDelays);
    }

    [Fact]
    public async Task UploadFileAsync_ConnectionCutMidUpload_ResendsTheWholeFile()
    {
        await using var client = await ClientHarness.StartAsync();
        var input = client.Simulator.WriteInput(3000);
        client.Simulator.Server.EnqueueFault(new SimulatorFault(FaultKind.DropConnection, "POST", "/v1/files"));
        client.Simulator.Server.EnqueueFault(new SimulatorFault(FaultKind.DropConnection, "POST", "/v1/files"));

        var fileId = await client.Api.UploadFileAsync(input, "big.jsonl", CancellationToken.None);
        var copy = Path.Combine(client.Simulator.Directory, "copy.jsonl");
        await client.Api.DownloadFileAsync(fileId, copy, CancellationToken.None);

        Assert.Equal(2, client.Simulator.Server.Stats.FaultsInjected[nameof(FaultKind.DropConnection)]);
        Assert.Equal(1, client.Simulator.Server.Stats.FilesUploaded);
        Assert.Equal(await File.ReadAllBytesAsync(input), await File.ReadAllBytesAsync(copy));
        var batch = await client.Api.CreateBatchAsync(fileId, Tag, "24h", CancellationToken.None);
        Assert.Equal(3000, batch.Counts?.Total);
    }

    [Fact]
    public async Task GetBatchAsync_ProviderKeepsFailing_TransientErrorAfterRetries()
    {
        await using var client = await ClientHarness.StartAsync(new SimulatorOptions { RequiredToken = ClientHarness.Password, HttpFaultRate = 1, Seed = 5 });

        var error = await Assert.ThrowsAsync<BatchApiException>(() => client.Api.GetBatchAsync("batch_x", CancellationToken.None));

        Assert.False(error.IsPermanent);
        Assert.Equal(4, client.RetryDelays.Count);
        Assert.DoesNotContain(ClientHarness.Password, error.ToString(), StringComparison.Ordinal);
    }
}
