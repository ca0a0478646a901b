using System.Text.Json;
using BatchInfer.Simulator;

namespace BatchInfer.Tests.Simulator;

public sealed class SimulatorFaultTests
{
    [Fact]
    public async Task RequestErrorRate_One_EveryRecordGetsRetryableServerErrorLine()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { RequestErrorRate = 1, Seed = 4 });
        var id = (await sim.CreateBatchAsync(await sim.UploadAsync(sim.WriteInput(5)))).GetProperty("id").GetString()!;

        var (batch, _) = await sim.WaitForEndAsync(id);

        Assert.Equal(JsonValueKind.Null, batch.GetProperty("output_file_id").ValueKind);
        var errors = await sim.DownloadLinesAsync(batch.GetProperty("error_file_id"));
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal(500, e.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("server_error", e.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("type").GetString());
        });
        Assert.Equal(5, batch.GetProperty("request_counts").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task PermanentErrorRate_One_EveryRecordGetsInvalidRequestLine()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { PermanentErrorRate = 1, Seed = 5 });
        var id = (await sim.CreateBatchAsync(await sim.UploadAsync(sim.WriteInput(4)))).GetProperty("id").GetString()!;

        var (batch, _) = await sim.WaitForEndAsync(id);

        var errors = await sim.DownloadLinesAsync(batch.GetProperty("error_file_id"));
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal(400, e.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("invalid_request_error", e.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("type").GetString());
        });
    }

    [Fact]
    public async Task ErrorRates_Mixed_EveryRecordAnsweredExactlyOnceAcrossFiles()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { RequestErrorRate = 0.3, PermanentErrorRate = 0.2, Seed = 6 });
        var id = (await sim.CreateBatchAsync(await sim.UploadAsync(sim.WriteInput(200)))).GetProperty("id").GetString()!;

        var (batch, _) = await sim.WaitForEndAsync(id);

        var output = await sim.DownloadLinesAsync(batch.GetProperty("output_file_id"));
        var errors = await sim.DownloadLinesAsync(batch.GetProperty("error_file_id"));
        var codes = errors.Select(e => e.GetProperty("response").GetProperty("status_code").GetInt32()).ToList();
        Assert.Contains(500, codes);
        Assert.Contains(400, codes);
        Assert.NotEmpty(output);
        var all = output.Concat(errors).Select(l => l.GetProperty("custom_id").GetString()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"r{i}").Order(), all);
        Assert.Equal(output.Count, batch.GetProperty("request_counts").GetProperty("completed").GetInt32());
        Assert.Equal(errors.Count, batch.GetProperty("request_counts").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task FailBatches_One_FirstBatchFailsWithoutFilesAndSecondCompletes()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { FailBatches = 1, Seed = 8 });
        var fileId = await sim.UploadAsync(sim.WriteInput(3));

        var (first, _) = await sim.WaitForEndAsync((await sim.CreateBatchAsync(fileId)).GetProperty("id").GetString()!);
        var (second, _) = await sim.WaitForEndAsync((await sim.CreateBatchAsync(fileId)).GetProperty("id").GetString()!);

        Assert.Equal("failed", first.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("output_file_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("error_file_id").ValueKind);
        Assert.Equal("simulated_failure", first.GetProperty("errors").GetProperty("data")[0].GetProperty("code").GetString());
        Assert.Equal("completed", second.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExpireBatches_One_HalfAnsweredRestReportedExpired()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { ExpireBatches = 1, Seed = 9 });
        var id = (await sim.CreateBatchAsync(await sim.UploadAsync(sim.WriteInput(10)))).GetProperty("id").GetString()!;

        var (batch, _) = await sim.WaitForEndAsync(id);

        Assert.Equal("expired", batch.GetProperty("status").GetString());
        var output = await sim.DownloadLinesAsync(batch.GetProperty("output_file_id"));
        var errors = await sim.DownloadLinesAsync(batch.GetProperty("error_file_id"));
        Assert.Equal(5, output.Count);
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Equal("batch_expired", e.GetProperty("error").GetProperty("code").GetString()));
        Assert.Empty(output.Select(l => l.GetProperty("custom_id").GetString()).Intersect(errors.Select(e => e.GetProperty("custom_id").GetString())));
        Assert.Equal(5, sim.Server.Stats.RecordsProcessed);
    }

    [Fact]
    public async Task ShuffleOutput_On_SameRecordsInAnotherOrder()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { ShuffleOutput = true, Seed = 10 });
        var id = (await sim.CreateBatchAsync(await sim.UploadAsync(sim.WriteInput(600)))).GetProperty("id").GetString()!;

        var (batch, _) = await sim.WaitForEndAsync(id);

        var ids = (await sim.DownloadLinesAsync(batch.GetProperty("output_file_id"))).Select(l => l.GetProperty("custom_id").GetString()!).ToList();
        var inputOrder = Enumerable.Range(1, 600).Select(i => $"r{i}").ToList();
        Assert.NotEqual(inputOrder, ids);
        Assert.Equal(inputOrder.Order(), ids.Order());
    }

    [Fact]
    public async Task Duplicates_SameTaskAndRoundTwice_CountedOnlyWithinARound()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        var fileId = await sim.UploadAsync(sim.WriteInput(4));
        Dictionary<string, string> Tag(int round, int chunk) => new() { ["batch_infer_task"] = "t", ["batch_infer_round"] = $"{round}", ["batch_infer_chunk"] = $"{chunk}" };

        foreach (var metadata in new[] { Tag(0, 0), Tag(1, 0), Tag(0, 5) })
        {
            await sim.WaitForEndAsync((await sim.CreateBatchAsync(fileId, metadata)).GetProperty("id").GetString()!);
        }

        Assert.Equal(4, sim.Server.Stats.Duplicates);
        Assert.Equal(12, sim.Server.Stats.RecordsProcessed);
        Assert.Equal(1, sim.Server.Stats.BatchesByTag["t/0/5"]);
    }

    [Fact]
    public async Task HttpFaultRate_One_EveryCallFailsWithEachKindOfFault()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { HttpFaultRate = 1, Seed = 11 });
        var statuses = new List<int>();
        var dropped = 0;

        for (var i = 0; i < 40; i++)
        {
            try
            {
                using var response = await sim.Http.GetAsync("batches");
                statuses.Add((int)response.StatusCode);
                if ((int)response.StatusCode == 429)
                {
                    Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                }
            }
            catch (HttpRequestException)
            {
                dropped++;
            }
        }

        Assert.Equal([429, 500, 503], statuses.Distinct().Order());
        Assert.True(dropped > 0);
        Assert.Equal(40, sim.Server.Stats.FaultsInjected.Values.Sum());
    }

    [Fact]
    public async Task ScriptedDropAfterHandling_OnCreate_BatchExistsThoughClientGotNoAnswer()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        var fileId = await sim.UploadAsync(sim.WriteInput(1));
        sim.Server.EnqueueFault(new SimulatorFault(FaultKind.DropAfterHandling, "POST", "/v1/batches"));

        await Assert.ThrowsAsync<HttpRequestException>(() => sim.CreateBatchAsync(fileId));

        Assert.Equal(1, sim.Server.Stats.BatchesCreated);
    }

    [Fact]
    public async Task ResponseDelay_Set_AnswersNoSoonerThanTheDelay()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { ResponseDelay = TimeSpan.FromMilliseconds(300) });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var list = await SimulatorHarness.ReadAsync(await sim.Http.GetAsync("batches"));

        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300));
    }
}
