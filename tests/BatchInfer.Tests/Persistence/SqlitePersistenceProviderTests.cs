using BatchInfer.Host.Persistence;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Persistence;

/// <summary>What our store promises beyond the engine's contract.</summary>
public sealed class SqlitePersistenceProviderTests : IDisposable
{
    private static readonly DateTime Now = new(2030, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDatabase _database = new();
    private readonly SqlitePersistenceProvider _provider;

    public SqlitePersistenceProviderTests()
    {
        _provider = new SqlitePersistenceProvider(_database.Path);
        _provider.EnsureStoreExists();
    }

    [Fact]
    public async Task GetWorkflowInstance_SecondProviderOnTheSameFile_SeesWhatTheFirstWrote()
    {
        var workflow = SampleWorkflows.Rich(Now);
        var id = await _provider.CreateNewWorkflow(workflow);
        var eventId = await _provider.CreateEvent(new Event { EventName = "e", EventKey = "k", EventTime = Now, EventData = 7 });

        var reopened = new SqlitePersistenceProvider(_database.Path);
        reopened.EnsureStoreExists();

        StateAssert.Same(workflow, await reopened.GetWorkflowInstance(id), "workflow");
        StateAssert.Same(7, (await reopened.GetEvent(eventId))!.EventData, "event data");
    }

    [Fact]
    public async Task SetSubscriptionToken_AlreadyClaimed_RefusesTheSecondClaim()
    {
        var id = await _provider.CreateEventSubscription(new EventSubscription
        {
            WorkflowId = "wf", EventName = "a", EventKey = "k", SubscribeAsOf = Now,
        });
        await _provider.SetSubscriptionToken(id, "token-1", "worker-1", Now.AddMinutes(5));

        var second = await _provider.SetSubscriptionToken(id, "token-2", "worker-2", Now.AddMinutes(5));

        Assert.False(second);
        Assert.Equal("token-1", (await _provider.GetSubscription(id))!.ExternalToken);
    }

    [Theory]
    [InlineData(WorkflowStatus.Complete)]
    [InlineData(WorkflowStatus.Suspended)]
    [InlineData(WorkflowStatus.Terminated)]
    public async Task GetRunnableInstances_DueButNotRunnable_LeavesItOut(WorkflowStatus status)
    {
        var workflow = SampleWorkflows.Rich(Now);
        workflow.Status = status;
        await _provider.CreateNewWorkflow(workflow);

        Assert.Empty(await _provider.GetRunnableInstances(Now));
    }

    [Fact]
    public async Task FindWorkflowIdByReferenceAsync_KnownAndUnknownReference_FindsOnlyTheMatchingDefinition()
    {
        var id = await _provider.CreateNewWorkflow(SampleWorkflows.Rich(Now, "task-42"));
        var other = SampleWorkflows.Rich(Now, "task-42");
        other.WorkflowDefinitionId = "chunk";
        await _provider.CreateNewWorkflow(other);

        Assert.Equal(id, await _provider.FindWorkflowIdByReferenceAsync("batch-task", "task-42", CancellationToken.None));
        Assert.Null(await _provider.FindWorkflowIdByReferenceAsync("batch-task", "task-43", CancellationToken.None));
    }

    [Fact]
    public async Task PersistWorkflow_ManyThreadsAtOnce_EveryWriteLands()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _provider.CreateNewWorkflow(SampleWorkflows.Rich(Now, $"t{i}"))));

        await Parallel.ForEachAsync(ids, async (id, token) =>
        {
            var workflow = (await _provider.GetWorkflowInstance(id, token))!;
            ((SampleData)workflow.Data).Counter = 100;
            workflow.ExecutionPointers.Add(new ExecutionPointer { Id = "extra", StepId = 9, PersistenceData = new PollState(1, id) });
            await _provider.PersistWorkflow(workflow, token);
        });

        var stored = (await _provider.GetWorkflowInstances(ids)).ToList();
        Assert.Equal(ids.Length, stored.Count);
        Assert.All(stored, w => Assert.Equal((100, 3), (((SampleData)w.Data).Counter, w.ExecutionPointers.Count)));
    }

    [Fact]
    public void UseSqlitePersistence_EngineAsksRepeatedly_GetsTheOneInstanceOurCodeResolves()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWorkflow(options => options.UseSqlitePersistence(_database.Path));
        using var container = services.BuildServiceProvider();

        var ours = container.GetRequiredService<SqlitePersistenceProvider>();

        Assert.Same(ours, container.GetRequiredService<IPersistenceProvider>());
        Assert.Same(ours, container.GetRequiredService<IPersistenceProvider>());
        Assert.Equal(Path.GetFullPath(_database.Path), ours.DatabasePath);
    }

    public void Dispose() => _database.Dispose();
}
