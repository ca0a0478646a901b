using System.Runtime.CompilerServices;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Tests.Activities.Scheduling;

namespace BatchInfer.Tests.Activities.Steps;

/// <summary>One poll per run, as the engine runs the step, over a scripted Batch API: what it records, and how long it asks to sleep.</summary>
public sealed class PollBatchTests : IDisposable
{
    private readonly ScriptedApi _api = new();
    private readonly ChunkStepHarness _harness;

    public PollBatchTests()
    {
        _harness = new ChunkStepHarness("task-p", _api);
        _harness.AddChunk(0, ChunkPhase.Submitted);
    }

    public void Dispose() => _harness.Dispose();

    private Task<WorkflowCore.Models.ExecutionResult> PollAsync() => _harness.RunAsync(new PollBatch(_harness.Services), 0);

    [Fact]
    public async Task RunAsync_BatchRunning_RecordsItsCountsAndSleepsThePollInterval()
    {
        _api.Answers.Enqueue(Batch(BatchState.Running, completed: 40));

        var result = await PollAsync();

        Assert.False(result.Proceed);
        Assert.Equal(TimeSpan.FromSeconds(_harness.Runtime.Config.PollIntervalSeconds), result.SleepFor);
        var row = _harness.Row(0);
        Assert.Equal((ChunkPhase.Submitted, BatchState.Running, 40), (row.Phase, row.RemoteState, row.RemoteCompleted));
    }

    [Fact]
    public async Task RunAsync_BatchCompleted_RecordsItsFilesAndGoesOnToDownload()
    {
        _api.Answers.Enqueue(Batch(BatchState.Completed, completed: 50, output: "out-1"));

        var result = await PollAsync();

        Assert.True(result.Proceed);
        var row = _harness.Row(0);
        Assert.Equal((ChunkPhase.Downloading, "out-1", (string?)null), (row.Phase, row.OutputFileId, row.LastError));
    }

    [Fact]
    public async Task RunAsync_BatchEnded_RecordsTheProvidersEndOrWhenThePollSawIt()
    {
        var completedAt = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        _api.Answers.Enqueue(Batch(BatchState.Completed, completed: 50) with { Times = new BatchTimes(null, null, completedAt) });
        _harness.AddChunk(1, ChunkPhase.Submitted);
        _api.Answers.Enqueue(Batch(BatchState.Expired, completed: 20));
        var before = DateTimeOffset.UtcNow;

        await PollAsync();
        await _harness.RunAsync(new PollBatch(_harness.Services), 1);

        Assert.Equal(completedAt, _harness.Row(0).EndedAt);
        Assert.InRange(_harness.Row(1).EndedAt!.Value, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task RunAsync_BatchRunningUnchanged_NoWriteAndNoEnd()
    {
        _api.Answers.Enqueue(Batch(BatchState.Running, completed: 40));
        _api.Answers.Enqueue(Batch(BatchState.Running, completed: 40));
        await PollAsync();
        var updated = _harness.Row(0).UpdatedAt;

        await PollAsync();

        Assert.Equal((updated, (DateTimeOffset?)null), (_harness.Row(0).UpdatedAt, _harness.Row(0).EndedAt));
    }

    [Fact]
    public async Task RunAsync_BatchFailed_KeepsTheProviderReasonAndGoesOnToDownload()
    {
        _api.Answers.Enqueue(Batch(BatchState.Failed, completed: 0) with { RawStatus = "failed", ErrorMessage = "token limit" });

        Assert.True((await PollAsync()).Proceed);

        Assert.Equal("batch failed: token limit", _harness.Row(0).LastError);
    }

    [Fact]
    public async Task RunAsync_CallsFail_BackoffDoublesInThePersistenceDataAndASuccessClearsTheError()
    {
        var initial = _harness.Services.Parameters.RetryBackoffInitial;
        _api.Answers.Enqueue(new BatchApiException("503 from provider", 503, isPermanent: false));
        _api.Answers.Enqueue(new BatchApiException("503 from provider", 503, isPermanent: false));
        _api.Answers.Enqueue(Batch(BatchState.Running, completed: 1));

        var first = await PollAsync();
        Assert.Equal(new StepAttempt(1), first.PersistenceData);
        Assert.InRange(first.SleepFor!.Value, initial * 0.8, initial * 1.2);
        Assert.Equal("503 from provider", _harness.Row(0).LastError);

        var second = await _harness.RunAsync(new PollBatch(_harness.Services), 0, first.PersistenceData);
        Assert.Equal(new StepAttempt(2), second.PersistenceData);
        Assert.InRange(second.SleepFor!.Value, initial * 2 * 0.8, initial * 2 * 1.2);

        var third = await _harness.RunAsync(new PollBatch(_harness.Services), 0, second.PersistenceData);
        Assert.Equal(new StepAttempt(0), third.PersistenceData);
        Assert.Null(_harness.Row(0).LastError);
    }

    [Fact]
    public async Task RunAsync_429AskingForAMinute_SleepsAtLeastThat()
    {
        _api.Answers.Enqueue(new BatchApiException("429", 429, isPermanent: false) { RetryAfter = TimeSpan.FromMinutes(1) });

        var result = await PollAsync();

        Assert.True(result.SleepFor >= TimeSpan.FromMinutes(1), $"slept {result.SleepFor}");
    }

    [Fact]
    public async Task RunAsync_TaskCancelled_CancelsTheBatchOnceAndPollsOn()
    {
        using (var db = _harness.Database.CreateContext())
        {
            db.Tasks.Single().CancelRequested = true;
            db.SaveChanges();
        }
        _api.Answers.Enqueue(Batch(BatchState.Cancelling, completed: 3));
        _api.Answers.Enqueue(Batch(BatchState.Cancelled, completed: 3));

        Assert.False((await PollAsync()).Proceed);
        Assert.True((await PollAsync()).Proceed);

        Assert.Equal(1, _api.Cancels);
        Assert.True(_harness.Row(0).CancelSent);
    }

    private static RemoteBatch Batch(BatchState state, int completed, string? output = null) =>
        new("batch", state, state.ToString().ToLowerInvariant(), "file", output, null, null, new RequestCounts(50, completed, 0), null);

    /// <summary>Answers GET /batches/{id} from a script: a batch, or an exception to throw.</summary>
    private sealed class ScriptedApi : IBatchApi
    {
        public Queue<object> Answers { get; } = new();

        public int Cancels { get; private set; }

        public Task<RemoteBatch> GetBatchAsync(string batchId, CancellationToken cancellationToken) =>
            Answers.Dequeue() switch
            {
                RemoteBatch batch => Task.FromResult(batch),
                Exception ex => Task.FromException<RemoteBatch>(ex),
                var other => throw new InvalidOperationException($"not an answer: {other}"),
            };

        public Task<RemoteBatch> CancelBatchAsync(string batchId, CancellationToken cancellationToken)
        {
            Cancels++;
            return Task.FromResult(Batch(BatchState.Cancelling, completed: 0));
        }

        public Task<string> UploadFileAsync(string path, string fileName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RemoteBatch> CreateBatchAsync(string inputFileId, BatchTag tag, string completionWindow, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task DownloadFileAsync(string fileId, string destinationPath, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<RemoteBatch> ListBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
