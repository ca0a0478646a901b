using BatchInfer.Activities.Inference;
using BatchInfer.Simulator;

namespace BatchInfer.Tests.Inference;

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
    public async Task CreateBatchAsync_ConnectionDroppedAfterCreate_ReturnsTheExistingBatchWithoutASecond()
    {
        await using var client = await ClientHarness.StartAsync();
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(3), "a.jsonl", CancellationToken.None);
        client.Simulator.Server.EnqueueFault(new SimulatorFault(FaultKind.DropAfterHandling, "POST", "/v1/batches"));

        var batch = await client.Api.CreateBatchAsync(fileId, Tag, "24h", CancellationToken.None);

        var stats = client.Simulator.Server.Stats;
        Assert.Equal(1, stats.BatchesCreated);
        Assert.Equal(1, stats.BatchesByTag["task-r/0/2"]);
        Assert.Equal(1, stats.FaultsInjected[nameof(FaultKind.DropAfterHandling)]);
        Assert.Equal(Tag, batch.Tag);
        Assert.Equal(BatchState.Completed, (await client.WaitForEndAsync(batch.Id)).State);
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.InternalServerError)]
    [InlineData(FaultKind.DropConnection)]
    [InlineData(FaultKind.TooManyRequests)]
    public async Task CreateBatchAsync_RefusedBeforeCreating_CreatesExactlyOnce(FaultKind fault)
    {
        await using var client = await ClientHarness.StartAsync();
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(2), "a.jsonl", CancellationToken.None);
        client.Simulator.Server.EnqueueFault(new SimulatorFault(fault, "POST", "/v1/batches"));

        var batch = await client.Api.CreateBatchAsync(fileId, Tag, "24h", CancellationToken.None);

        Assert.Equal(1, client.Simulator.Server.Stats.BatchesCreated);
        Assert.Equal(1, client.Simulator.Server.Stats.FaultsInjected[fault.ToString()]);
        Assert.Equal(Tag, batch.Tag);
    }

    [Fact]
    public async Task CreateBatchAsync_ManyFaults_NeverCreatesTwoBatchesForOneTag()
    {
        await using var client = await ClientHarness.StartAsync(
            new SimulatorOptions { RequiredToken = ClientHarness.Password, HttpFaultRate = 0.3, Seed = 99, ValidatingDuration = TimeSpan.FromSeconds(30) },
            configure: o => o.CreateBatchAttempts = 20);
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(2), "a.jsonl", CancellationToken.None);

        for (var chunk = 0; chunk < 12; chunk++)
        {
            await client.Api.CreateBatchAsync(fileId, Tag with { Chunk = chunk }, "24h", CancellationToken.None);
        }

        var stats = client.Simulator.Server.Stats;
        Assert.True(stats.FaultsInjected.Values.Sum() > 0);
        Assert.Equal(12, stats.BatchesCreated);
        Assert.All(stats.BatchesByTag.Values, count => Assert.Equal(1, count));
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
