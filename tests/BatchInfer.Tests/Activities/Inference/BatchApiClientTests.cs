using BatchInfer.Activities.Inference;
using BatchInfer.Simulator;
using BatchInfer.Tests.EndToEnd;

namespace BatchInfer.Tests.Activities.Inference;

public sealed class BatchApiClientTests
{
    private static readonly BatchTag Tag = new("task-a", 1, 7);

    [Fact]
    public async Task Lifecycle_UploadCreatePollDownload_ReturnsEveryAnswerAndTheTag()
    {
        await using var client = await ClientHarness.StartAsync();
        var input = client.Simulator.WriteInput(25);

        var fileId = await client.Api.UploadFileAsync(input, "chunk-0007", CancellationToken.None);
        var created = await client.Api.CreateBatchAsync(fileId, Tag, "24h", CancellationToken.None);
        var done = await client.WaitForEndAsync(created.Id);
        var destination = Path.Combine(client.Simulator.Directory, "out", "output.jsonl");
        await client.Api.DownloadFileAsync(done.OutputFileId!, destination, CancellationToken.None);

        Assert.Equal(BatchState.Pending, created.State);
        Assert.Equal("queueing", created.RawStatus);
        Assert.Equal(Tag, created.Tag);
        Assert.Equal(fileId, created.InputFileId);
        Assert.Equal(BatchState.Completed, done.State);
        Assert.Equal(new RequestCounts(25, 25, 0), done.Counts);
        Assert.Null(done.ErrorFileId);
        Assert.Equal(25, File.ReadLines(destination).Count());
        Assert.Contains("\"custom_id\":\"r25\"", File.ReadAllText(destination), StringComparison.Ordinal);
        Assert.False(File.Exists(destination + ".tmp"));
    }

    [Fact]
    public async Task CancelBatchAsync_Running_EndsCancelledWithPartialOutput()
    {
        await using var client = await ClientHarness.StartAsync(new SimulatorOptions
        {
            RequiredToken = ClientHarness.Password,
            ValidatingDuration = TimeSpan.Zero,
            InProgressDuration = TimeSpan.FromSeconds(60),
        });
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(40), "c.jsonl", CancellationToken.None);
        var created = await client.Api.CreateBatchAsync(fileId, Tag, "24h", CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await client.Api.GetBatchAsync(created.Id, CancellationToken.None)).Counts?.Completed is null or 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
            await Task.Delay(20);
        }

        var cancelling = await client.Api.CancelBatchAsync(created.Id, CancellationToken.None);
        var done = await client.WaitForEndAsync(created.Id);

        Assert.Equal((BatchState.Cancelling, "canceling"), (cancelling.State, cancelling.RawStatus));
        Assert.Equal((BatchState.Cancelled, "canceled"), (done.State, done.RawStatus));
        Assert.NotNull(done.OutputFileId);
        Assert.InRange(done.Counts!.Completed, 1, 39);
    }

    [Fact]
    public async Task ListBatchesAsync_SeveralPages_FollowsPaginationNewestFirst()
    {
        await using var client = await ClientHarness.StartAsync(configure: o => o.ListPageSize = 2);
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(1), "l.jsonl", CancellationToken.None);
        var ids = new List<string>();
        for (var chunk = 0; chunk < 5; chunk++)
        {
            ids.Add((await client.Api.CreateBatchAsync(fileId, Tag with { Chunk = chunk }, "24h", CancellationToken.None)).Id);
        }

        var listed = new List<RemoteBatch>();
        await foreach (var batch in client.Api.ListBatchesAsync(CancellationToken.None))
        {
            listed.Add(batch);
        }

        Assert.Equal(Enumerable.Reverse(ids), listed.Select(b => b.Id));
        Assert.Equal([4, 3, 2, 1, 0], listed.Select(b => b.Tag!.Chunk));
    }

    [Fact]
    public async Task DownloadFileAsync_ErrorFile_StreamsItToo()
    {
        await using var client = await ClientHarness.StartAsync(new SimulatorOptions { RequiredToken = ClientHarness.Password, RequestErrorRate = 1 });
        var fileId = await client.Api.UploadFileAsync(client.Simulator.WriteInput(3), "e.jsonl", CancellationToken.None);
        var done = await client.WaitForEndAsync((await client.Api.CreateBatchAsync(fileId, Tag, "24h", CancellationToken.None)).Id);
        var destination = Path.Combine(client.Simulator.Directory, "errors.jsonl");

        await client.Api.DownloadFileAsync(done.ErrorFileId!, destination, CancellationToken.None);

        Assert.Null(done.OutputFileId);
        Assert.Equal(new RequestCounts(3, 0, 3), done.Counts);
        Assert.All(File.ReadLines(destination), l => Assert.Contains("\"status_code\":500", l, StringComparison.Ordinal));
    }
}
