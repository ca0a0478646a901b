using System.Runtime.CompilerServices;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Activities.Scheduling;

/// <summary>A state file with one task and its chunks, a registered runtime (over a counting fake API unless given one), and a way to run a chunk step.</summary>
internal sealed class ChunkStepHarness : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("batchinfer-scheduling-").FullName;

    public ChunkStepHarness(string taskId = "task", IBatchApi? api = null)
    {
        TaskId = taskId;
        Api = api ?? Counting;
        Database = new StateDatabase(Path.Combine(_directory, StateDatabase.FileName));
        Database.EnsureSchema();
        var runtimes = new TaskRuntimeRegistry();
        Services = new StepServices(Database, runtimes, TimeProvider.System, NullLogger<StepServices>.Instance);
        var config = new BatchInferConfig { Model = new ModelConfig { Domain = "m", Password = "pw", MaxTokens = 16 } };
        Runtime = new TaskRuntime(taskId, "in.jsonl", config, ProviderProfile.Spark, new TaskLayout(_directory, taskId), Api);
        runtimes.Register(Runtime);
        using var db = Database.CreateContext();
        db.Tasks.Add(new TaskEntity { TaskId = taskId, InputPath = "in.jsonl", InputFingerprint = "f", ConfigJson = "{}", ConfigFingerprint = "c" });
        db.SaveChanges();
    }

    public string TaskId { get; }

    public StateDatabase Database { get; }

    public StepServices Services { get; }

    public TaskRuntime Runtime { get; }

    public IBatchApi Api { get; }

    public CountingApi Counting { get; } = new();

    public void AddChunk(int chunk, ChunkPhase phase, string? taskId = null, string fileId = "file")
    {
        using var db = Database.CreateContext();
        db.Chunks.Add(new ChunkEntity { TaskId = taskId ?? TaskId, Chunk = chunk, Phase = phase, FileId = fileId, BatchId = phase >= ChunkPhase.Submitted ? "batch" : null });
        db.SaveChanges();
    }

    public ChunkPhase PhaseOf(int chunk) => Row(chunk).Phase;

    public ChunkEntity Row(int chunk)
    {
        using var db = Database.CreateContext();
        return db.Chunks.Single(c => c.TaskId == TaskId && c.Chunk == chunk);
    }

    /// <param name="persistenceData">what the step's previous run returned for the next, as the engine hands it back</param>
    public Task<ExecutionResult> RunAsync(StepBodyAsync step, int chunk, object? persistenceData = null) =>
        step.RunAsync(new StepExecutionContext
        {
            Workflow = new WorkflowInstance { Data = new ChunkWorkflowData { TaskId = TaskId, Chunk = chunk } },
            PersistenceData = persistenceData,
            CancellationToken = CancellationToken.None,
        });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Creates batches and serves empty downloads; counts the create calls.</summary>
    internal sealed class CountingApi : IBatchApi
    {
        private int _created;

        public int Created => _created;

        public Task<RemoteBatch> CreateBatchAsync(string inputFileId, BatchTag tag, string completionWindow, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _created);
            return Task.FromResult(new RemoteBatch($"batch-{n}", BatchState.Pending, "validating", inputFileId, null, null, tag, null, null));
        }

        public Task<string> UploadFileAsync(string path, string fileName, CancellationToken cancellationToken) => Task.FromResult("file");

        public Task<RemoteBatch> GetBatchAsync(string batchId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DownloadFileAsync(string fileId, string destinationPath, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<RemoteBatch> CancelBatchAsync(string batchId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<RemoteBatch> ListBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
