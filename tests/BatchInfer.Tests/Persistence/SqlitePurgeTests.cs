using BatchInfer.Host.Persistence;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Persistence;

public sealed class SqlitePurgeTests : IDisposable
{
    private static readonly DateTime Cutoff = new(2030, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDatabase _database = new();
    private readonly SqlitePersistenceProvider _provider;

    public SqlitePurgeTests()
    {
        _provider = new SqlitePersistenceProvider(_database.Path);
        _provider.EnsureStoreExists();
    }

    [Fact]
    public async Task PurgeAsync_MixOfOldAndLiveState_RemovesOnlyFinishedStateOlderThanCutoff()
    {
        var oldComplete = await Workflow(WorkflowStatus.Complete, Cutoff.AddDays(-1));
        var oldTerminated = await Workflow(WorkflowStatus.Terminated, Cutoff.AddDays(-2));
        var recentComplete = await Workflow(WorkflowStatus.Complete, Cutoff.AddMinutes(1));
        var running = await Workflow(WorkflowStatus.Runnable, completeTime: null);
        var suspended = await Workflow(WorkflowStatus.Suspended, completeTime: null);
        var oldSubscription = await Subscription(oldComplete);
        var liveSubscription = await Subscription(running);
        var orphanSubscription = await Subscription("no-such-workflow");
        await _provider.PersistErrors([Error(oldComplete), Error(suspended)]);
        await _provider.ScheduleCommand(new ScheduledCommand { CommandName = ScheduledCommand.ProcessWorkflow, Data = oldTerminated, ExecuteTime = 1 });
        var oldProcessed = await Event(Cutoff.AddDays(-1), processed: true);
        var oldPending = await Event(Cutoff.AddDays(-1), processed: false);
        var recentProcessed = await Event(Cutoff.AddMinutes(1), processed: true);

        var removed = await _provider.PurgeAsync(Cutoff, CancellationToken.None);

        Assert.Equal(7, removed); // 2 workflows, 2 subscriptions, 1 error, 1 command, 1 event
        Assert.Null(await _provider.GetWorkflowInstance(oldComplete));
        Assert.Null(await _provider.GetWorkflowInstance(oldTerminated));
        Assert.Null(await _provider.GetSubscription(oldSubscription));
        Assert.Null(await _provider.GetSubscription(orphanSubscription));
        Assert.Null(await _provider.GetEvent(oldProcessed));
        Assert.Empty(await _provider.GetErrorsAsync(oldComplete, CancellationToken.None));
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM wf_scheduled_commands"));
        foreach (var kept in new[] { recentComplete, running, suspended })
        {
            Assert.NotNull(await _provider.GetWorkflowInstance(kept));
        }

        Assert.NotNull(await _provider.GetSubscription(liveSubscription));
        Assert.Single(await _provider.GetErrorsAsync(suspended, CancellationToken.None));
        Assert.NotNull(await _provider.GetEvent(oldPending));
        Assert.NotNull(await _provider.GetEvent(recentProcessed));
    }

    [Fact]
    public async Task PurgeAsync_AfterWrites_TruncatesTheWriteAheadLog()
    {
        for (var i = 0; i < 20; i++)
        {
            await Workflow(WorkflowStatus.Complete, Cutoff.AddDays(-1));
        }

        Assert.True(new FileInfo(_database.Path + "-wal").Length > 0);

        await _provider.PurgeAsync(Cutoff, CancellationToken.None);

        Assert.Equal(0, new FileInfo(_database.Path + "-wal").Length);
    }

    private async Task<string> Workflow(WorkflowStatus status, DateTime? completeTime)
    {
        var workflow = SampleWorkflows.Rich(Cutoff.AddDays(-3));
        workflow.Status = status;
        workflow.CompleteTime = completeTime;
        return await _provider.CreateNewWorkflow(workflow);
    }

    private Task<string> Subscription(string workflowId) => _provider.CreateEventSubscription(new EventSubscription
    {
        WorkflowId = workflowId, EventName = "e", EventKey = "k", SubscribeAsOf = Cutoff.AddDays(-3),
    });

    private static ExecutionError Error(string workflowId) => new()
    {
        WorkflowId = workflowId, ExecutionPointerId = "p1", ErrorTime = Cutoff.AddDays(-3), Message = "boom",
    };

    private Task<string> Event(DateTime time, bool processed) => _provider.CreateEvent(new Event
    {
        EventName = "e", EventKey = "k", EventTime = time, IsProcessed = processed,
    });

    public void Dispose() => _database.Dispose();
}
