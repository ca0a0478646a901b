using BatchInfer.Host.Persistence;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

public sealed class WorkflowEngineRestartTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task WorkflowHost_StoppedMidwayThenNewHostOnSameFile_CompletesThereWithDataIntact()
    {
        var observer = new SqlitePersistenceProvider(_database.Path);
        string id;
        await using (var first = await EngineHost.StartAsync(_database.Path, new EngineGate("first", ReleaseFirstStep: false)))
        {
            id = await first.Workflows.StartWorkflow(RestartWorkflow.Name, 1, new RestartData(), "task-7");
            await Eventually.GetAsync(
                async () => await Observe(observer, id) is { } wf && FirstStepAttempt(wf) == CountUp.Attempts ? wf : null,
                Timeout,
                "the first step to be held at its last attempt");
        }

        var stopped = (await observer.GetWorkflowInstance(id))!;
        Assert.Equal(WorkflowStatus.Runnable, stopped.Status);
        Assert.Equal(["first:0", "first:1", "first:2"], ((RestartData)stopped.Data).Visits);

        await using (var second = await EngineHost.StartAsync(_database.Path, new EngineGate("second", ReleaseFirstStep: true)))
        {
            var done = await Eventually.GetAsync(
                async () => await Observe(observer, id) is { Status: WorkflowStatus.Complete } wf ? wf : null,
                Timeout,
                "the workflow to complete on the second host");

            Assert.Equal(["first:0", "first:1", "first:2", "second:3", "second:finish"], ((RestartData)done.Data).Visits);
            Assert.Equal(
                [(0, PointerStatus.Complete), (1, PointerStatus.Complete)],
                done.ExecutionPointers.Select(p => (p.StepId, p.Status)).OrderBy(p => p.StepId));
            Assert.NotNull(done.CompleteTime);
            Assert.Equal(id, await second.Store.FindWorkflowIdByReferenceAsync(RestartWorkflow.Name, "task-7", CancellationToken.None));
        }
    }

    private static async Task<WorkflowInstance?> Observe(SqlitePersistenceProvider observer, string id)
    {
        var workflow = await observer.GetWorkflowInstance(id);
        if (workflow?.Status == WorkflowStatus.Suspended)
        {
            var errors = await observer.GetErrorsAsync(id, CancellationToken.None);
            throw new InvalidOperationException($"Workflow suspended: {string.Join("; ", errors.Select(e => e.Message))}");
        }

        return workflow;
    }

    private static int FirstStepAttempt(WorkflowInstance workflow) =>
        workflow.ExecutionPointers.FirstOrDefault(p => p.StepId == 0)?.PersistenceData is PollState state ? state.Attempt : -1;

    public void Dispose() => _database.Dispose();

    /// <summary>A real WorkflowCore host on the SQLite store, as the daemon will run it.</summary>
    private sealed class EngineHost : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private EngineHost(ServiceProvider services)
        {
            _services = services;
            Workflows = services.GetRequiredService<IWorkflowHost>();
            Store = services.GetRequiredService<SqlitePersistenceProvider>();
        }

        public IWorkflowHost Workflows { get; }

        public SqlitePersistenceProvider Store { get; }

        public static async Task<EngineHost> StartAsync(string databasePath, EngineGate gate)
        {
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton(gate)
                .AddTransient<CountUp>()
                .AddTransient<Finish>();
            services.AddWorkflow(options =>
            {
                options.UseSqlitePersistence(databasePath);
                options.UsePollInterval(TimeSpan.FromMilliseconds(250));
            });
            var host = new EngineHost(services.BuildServiceProvider());
            host.Workflows.RegisterWorkflow<RestartWorkflow, RestartData>();
            await host.Workflows.StartAsync(CancellationToken.None);
            return host;
        }

        public async ValueTask DisposeAsync()
        {
            await Workflows.StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
        }
    }
}
