using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.State;
using BatchInfer.Host.Engine;
using BatchInfer.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkflowCore.Interface;
using BatchInfer.Tests.EndToEnd;

namespace BatchInfer.Tests.Host.Engine;

/// <summary>The real engine host in process, on a fresh working directory with its SQLite file, beside a loopback simulator.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineHarness(string workDirectory, SimulatorServer simulator, IHost host)
    {
        WorkDirectory = workDirectory;
        Simulator = simulator;
        _host = host;
    }

    public string WorkDirectory { get; }

    public SimulatorServer Simulator { get; }

    public ITaskCancellation Cancellation => _host.Services.GetRequiredService<ITaskCancellation>();

    public StepErrorLog Errors => _host.Services.GetRequiredService<StepErrorLog>();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<EngineHarness> StartAsync(SimulatorOptions options)
    {
        var workDirectory = TestPaths.NewWorkDirectory();
        var simulator = await SimulatorServer.StartAsync(options, CancellationToken.None);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = workDirectory });
        builder.AddBatchInferEngineHost(workDirectory);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHarness(workDirectory, simulator, host);
    }

    public static BatchInferConfig Config(string password = "cancel-test-key", int linesPerChunk = 50) => new()
    {
        Model = new ModelConfig { Domain = "cancel-model", Password = password, MaxTokens = 64 },
        LinesPerChunk = linesPerChunk,
        PollIntervalSeconds = 0.5,
    };

    /// <summary>An input of <paramref name="lines"/> distinct chat requests, each answered by its own content.</summary>
    public string WriteInput(int lines)
    {
        var path = Path.Combine(WorkDirectory, "input.jsonl");
        File.WriteAllLines(path, Enumerable.Range(1, lines).Select(i =>
            $$"""{"messages":[{"role":"user","content":"Question {{i}}: what is {{i}} times {{i + 7}}?"}]}"""));
        return path;
    }

    public string Merged(string taskId) => Path.Combine(WorkDirectory, "merged", taskId);

    public Task StartTaskAsync(string taskId, string inputPath, BatchInferConfig config) =>
        _host.Services.GetRequiredService<TaskService>()
            .StartOrResumeAsync(taskId, inputPath, config with { Model = config.Model with { BaseUrl = Simulator.BaseUrl.ToString() } }, CancellationToken.None);

    public TaskEntity TaskRow(string taskId)
    {
        using var db = _host.Services.GetRequiredService<StateDatabase>().CreateContext();
        return db.Tasks.AsNoTracking().Single(t => t.TaskId == taskId);
    }

    public List<ChunkEntity> Chunks(string taskId)
    {
        using var db = _host.Services.GetRequiredService<StateDatabase>().CreateContext();
        return [.. db.Chunks.AsNoTracking().Where(c => c.TaskId == taskId).OrderBy(c => c.Round).ThenBy(c => c.Chunk)];
    }

    public async Task<TaskEntity> WaitFinishedAsync(string taskId, TimeSpan timeout)
    {
        var finished = await Eventually.HoldsAsync(() => TaskRow(taskId).Phase == TaskPhase.Finished, timeout, TimeSpan.FromMilliseconds(100));
        Assert.True(finished, $"task {taskId} did not finish within {timeout}; {Describe(taskId)}");
        return TaskRow(taskId);
    }

    /// <summary>For failure messages: where the task and its chunks stand, and any step error.</summary>
    public string Describe(string taskId)
    {
        var task = TaskRow(taskId);
        var chunks = string.Join(", ", Chunks(taskId).Select(c => $"r{c.Round}c{c.Chunk}:{c.Phase}/{c.RemoteState}{(c.LastError is null ? "" : " " + c.LastError)}"));
        return $"phase {task.Phase}, blocked: {task.BlockedReason ?? "no"}, chunks [{chunks}], step error [{Errors.LastFor(taskId) ?? "none"}]";
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await _host.StopAsync(stopTimeout.Token);
        }
        _host.Dispose();
        await Simulator.DisposeAsync();
    }
}
