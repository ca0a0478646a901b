using System.Text.Json;
using BatchInfer.Simulator;

namespace BatchInfer.Tests.Simulator;

public sealed class SimulatorLifecycleTests
{
    private static readonly Dictionary<string, string> Tag = new()
    {
        ["batch_infer_task"] = "t1",
        ["batch_infer_round"] = "0",
        ["batch_infer_chunk"] = "3",
    };

    [Fact]
    public async Task Batch_SparkProfile_GoesThroughLifecycleAndAnswersEveryRecordWith101()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions
        {
            Seed = 1,
            ValidatingDuration = TimeSpan.FromMilliseconds(300),
            InProgressDuration = TimeSpan.FromMilliseconds(800),
            FinalizingDuration = TimeSpan.FromMilliseconds(300),
        });
        var fileId = await sim.UploadAsync(sim.WriteInput(12));

        var created = await sim.CreateBatchAsync(fileId, Tag);
        var (batch, seen) = await sim.WaitForEndAsync(created.GetProperty("id").GetString()!);

        Assert.Equal("queueing", created.GetProperty("status").GetString());
        Assert.Equal(["queueing", "in_progress", "finalizing", "completed"], seen);
        Assert.Equal("t1", batch.GetProperty("metadata").GetProperty("batch_infer_task").GetString());
        var counts = batch.GetProperty("request_counts");
        Assert.Equal((12, 12, 0), (counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32()));
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("error_file_id").ValueKind);
        var lines = await sim.DownloadLinesAsync(batch.GetProperty("output_file_id"));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"r{i}").Order(), lines.Select(l => l.GetProperty("custom_id").GetString()!).Order());
        foreach (var line in lines)
        {
            var id = line.GetProperty("custom_id").GetString()!;
            var response = line.GetProperty("response");
            Assert.Equal(101, response.GetProperty("status_code").GetInt32());
            var choice = response.GetProperty("body").GetProperty("choices")[0];
            Assert.Equal($"Simulated answer for {id}: question {id[1..]}", choice.GetProperty("message").GetProperty("content").GetString());
            Assert.Equal("sim-model", response.GetProperty("body").GetProperty("model").GetString());
            Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
        }
        Assert.Equal(12, sim.Server.Stats.RecordsProcessed);
        Assert.Equal(1, sim.Server.Stats.BatchesByFinalState["completed"]);
        Assert.Equal(1, sim.Server.Stats.BatchesByTag["t1/0/3"]);
    }

    [Fact]
    public async Task Batch_OpenAIProfile_ReportsSpecSpellingsAndStatus200()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { Profile = "openai", Seed = 2 });
        var fileId = await sim.UploadAsync(sim.WriteInput(3));

        var created = await sim.CreateBatchAsync(fileId);
        var (batch, _) = await sim.WaitForEndAsync(created.GetProperty("id").GetString()!);

        Assert.Equal("validating", created.GetProperty("status").GetString());
        Assert.Equal("completed", batch.GetProperty("status").GetString());
        var lines = await sim.DownloadLinesAsync(batch.GetProperty("output_file_id"));
        Assert.All(lines, l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
    }

    [Theory]
    [InlineData("spark", "canceling", "canceled")]
    [InlineData("openai", "cancelling", "cancelled")]
    public async Task Cancel_WhileInProgress_KeepsPartialResultsWithProfileSpelling(string profile, string cancelling, string cancelled)
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions
        {
            Profile = profile,
            Seed = 3,
            ValidatingDuration = TimeSpan.Zero,
            InProgressDuration = TimeSpan.FromSeconds(60),
            FinalizingDuration = TimeSpan.FromMilliseconds(200),
        });
        var fileId = await sim.UploadAsync(sim.WriteInput(40));
        var id = (await sim.CreateBatchAsync(fileId)).GetProperty("id").GetString()!;
        await sim.WaitForAsync(id, b => b.GetProperty("request_counts").GetProperty("completed").GetInt32() > 0);

        var afterCancel = await sim.CancelAsync(id);
        var (batch, _) = await sim.WaitForEndAsync(id);

        Assert.Equal(cancelling, afterCancel.GetProperty("status").GetString());
        Assert.Equal(cancelled, batch.GetProperty("status").GetString());
        var done = batch.GetProperty("request_counts").GetProperty("completed").GetInt32();
        var lines = await sim.DownloadLinesAsync(batch.GetProperty("output_file_id"));
        Assert.InRange(lines.Count, 1, 39);
        Assert.Equal(done, lines.Count);
        Assert.Equal(1, sim.Server.Stats.BatchesByFinalState["cancelled"]);
    }

    [Fact]
    public async Task Cancel_CompletedBatch_IsRefusedWithConflict()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        var id = (await sim.CreateBatchAsync(await sim.UploadAsync(sim.WriteInput(1)))).GetProperty("id").GetString()!;
        await sim.WaitForEndAsync(id);

        using var response = await sim.Http.PostAsync($"batches/{id}/cancel", null);

        Assert.Equal(409, (int)response.StatusCode);
    }

    [Fact]
    public async Task ListBatches_MoreThanOnePage_PagesNewestFirstWithAfter()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        var fileId = await sim.UploadAsync(sim.WriteInput(1));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await sim.CreateBatchAsync(fileId)).GetProperty("id").GetString()!);
        }

        var first = await SimulatorHarness.ReadAsync(await sim.Http.GetAsync("batches?limit=2"));
        var second = await SimulatorHarness.ReadAsync(await sim.Http.GetAsync($"batches?limit=2&after={first.GetProperty("last_id").GetString()}"));

        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.False(second.GetProperty("has_more").GetBoolean());
        var listed = first.GetProperty("data").EnumerateArray().Concat(second.GetProperty("data").EnumerateArray()).Select(b => b.GetProperty("id").GetString());
        Assert.Equal(Enumerable.Reverse(ids), listed);
    }

    [Fact]
    public async Task StatsEndpoint_AfterUpload_ServesCountsAsJson()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        await sim.UploadAsync(sim.WriteInput(2));

        var stats = await SimulatorHarness.ReadAsync(await sim.Http.GetAsync(new Uri(sim.Server.BaseUrl, "/_simulator/stats")));

        Assert.Equal(1, stats.GetProperty("files_uploaded").GetInt32());
        Assert.Equal(0, stats.GetProperty("duplicates").GetInt64());
    }
}
