using BatchInfer.Host.Engine.Dispatch;
using BatchInfer.Host.Persistence;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using BatchInfer.Tests.Host.Persistence;

namespace BatchInfer.Tests.Host.Engine.Dispatch;

/// <summary>A real WorkflowCore host on a SQLite file with the daemon's dispatcher, polling often so that it keeps asking.</summary>
internal sealed class DispatchEngine : IAsyncDisposable
{
    private readonly TempDatabase _database;
    private readonly ServiceProvider _services;

    private DispatchEngine(TempDatabase database, ServiceProvider services)
    {
        _database = database;
        _services = services;
        Host = services.GetRequiredService<IWorkflowHost>();
        Dispatcher = services.GetRequiredService<InstanceDispatcher>();
        Store = services.GetRequiredService<SqlitePersistenceProvider>();
    }

    public IWorkflowHost Host { get; }

    public InstanceDispatcher Dispatcher { get; }

    public SqlitePersistenceProvider Store { get; }

    /// <param name="time">the engine's clock; the system's unless given</param>
    public static async Task<DispatchEngine> StartAsync(StepProbe probe, TimeProvider? time = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(time ?? TimeProvider.System)
            .AddLogging()
            .AddSingleton(probe)
            .AddTransient<WorkLong>()
            .AddTransient<SleepForAnHour>()
            .AddTransient<Done>();
        var database = new TempDatabase();
        services.AddDispatchedWorkflow(options =>
        {
            options.UseSqlitePersistence(database.Path);
            options.UsePollInterval(TimeSpan.FromMilliseconds(100));
        });
        var engine = new DispatchEngine(database, services.BuildServiceProvider());
        engine.Host.RegisterWorkflow<LongStepWorkflow, DispatchData>();
        engine.Host.RegisterWorkflow<SleeperWorkflow, DispatchData>();
        await engine.Host.StartAsync(CancellationToken.None);
        return engine;
    }

    public Task<string> StartAsync(string workflow) => Host.StartWorkflow(workflow, 1, new DispatchData());

    public async Task<WorkflowInstance> WaitCompleteAsync(string id, TimeSpan timeout) =>
        await Eventually.GetAsync(
            async () => await Store.GetWorkflowInstance(id) is { Status: WorkflowStatus.Complete } done ? done : null,
            timeout,
            $"workflow {id} to complete");

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        _database.Dispose();
    }
}
