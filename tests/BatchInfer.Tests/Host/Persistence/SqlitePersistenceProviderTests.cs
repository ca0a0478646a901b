using BatchInfer.Host.Persistence;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>What our store promises beyond the engine's contract.</summary>
public sealed class SqlitePersistenceProviderTests : SqliteStoreTests
{
    private static readonly DateTime Now = new(2030, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task GetWorkflowInstance_SecondProviderOnTheSameFile_SeesWhatTheFirstWrote()
    {
        var workflow = SampleWorkflows.Rich(Now);
        var id = await Store.CreateNewWorkflow(workflow);
        var eventId = await Store.CreateEvent(new Event { EventName = "e", EventKey = "k", EventTime = Now, EventData = 7 });

        var reopened = new SqlitePersistenceProvider(Database.Path);
        reopened.EnsureStoreExists();

        StateAssert.Same(workflow, await reopened.GetWorkflowInstance(id), "workflow");
        StateAssert.Same(7, (await reopened.GetEvent(eventId))!.EventData, "event data");
    }

    [Fact]
    public async Task SetSubscriptionToken_AlreadyClaimed_RefusesTheSecondClaim()
    {
        var id = await Store.CreateEventSubscription(new EventSubscription
        {
            WorkflowId = "wf", EventName = "a", EventKey = "k", SubscribeAsOf = Now,
        });
        await Store.SetSubscriptionToken(id, "token-1", "worker-1", Now.AddMinutes(5));

        var second = await Store.SetSubscriptionToken(id, "token-2", "worker-2", Now.AddMinutes(5));

        Assert.False(second);
        Assert.Equal("token-1", (await Store.GetSubscription(id))!.ExternalToken);
    }

    [Theory]
    [InlineData(WorkflowStatus.Complete)]
    [InlineData(WorkflowStatus.Suspended)]
    [InlineData(WorkflowStatus.Terminated)]
    public async Task GetRunnableInstances_DueButNotRunnable_LeavesItOut(WorkflowStatus status)
    {
        var workflow = SampleWorkflows.Rich(Now);
        workflow.Status = status;
        await Store.CreateNewWorkflow(workflow);

        Assert.Empty(await Store.GetRunnableInstances(Now));
    }

    [Fact]
    public async Task FindWorkflowIdByReferenceAsync_KnownAndUnknownReference_FindsOnlyTheMatchingDefinition()
    {
        var id = await Store.CreateNewWorkflow(SampleWorkflows.Rich(Now, "task-42"));
        var other = SampleWorkflows.Rich(Now, "task-42");
        other.WorkflowDefinitionId = "chunk";
        await Store.CreateNewWorkflow(other);

        Assert.Equal(id, await Store.FindWorkflowIdByReferenceAsync("batch-task", "task-42", CancellationToken.None));
        Assert.Null(await Store.FindWorkflowIdByReferenceAsync("batch-task", "task-43", CancellationToken.None));
    }

    [Fact]
    public async Task PersistWorkflow_ManyThreadsAtOnce_EveryWriteLands()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Store.CreateNewWorkflow(SampleWorkflows.Rich(Now, $"t{i}"))));

        await Parallel.ForEachAsync(ids, async (id, token) =>
        {
            var workflow = (await Store.GetWorkflowInstance(id, token))!;
            ((SampleData)workflow.Data).Counter = 100;
            workflow.ExecutionPointers.Add(new ExecutionPointer { Id = "extra", StepId = 9, PersistenceData = new PollState(1, id) });
            await Store.PersistWorkflow(workflow, token);
        });

        var stored = (await Store.GetWorkflowInstances(ids)).ToList();
        Assert.Equal(ids.Length, stored.Count);
        Assert.All(stored, w => Assert.Equal((100, 3), (((SampleData)w.Data).Counter, w.ExecutionPointers.Count)));
    }

    [Fact]
    public void UseSqlitePersistence_EngineAsksRepeatedly_GetsTheOneInstanceOurCodeResolves()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWorkflow(options => options.UseSqlitePersistence(Database.Path));
        using var container = services.BuildServiceProvider();

        var ours = container.GetRequiredService<SqlitePersistenceProvider>();

        Assert.Same(ours, container.GetRequiredService<IPersistenceProvider>());
        Assert.Same(ours, container.GetRequiredService<IPersistenceProvider>());
        Assert.Equal(Path.GetFullPath(Database.Path), ours.DatabasePath);
    }
}
