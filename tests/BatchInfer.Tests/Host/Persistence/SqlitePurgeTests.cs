using BatchInfer.Host.Persistence;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

public sealed class SqlitePurgeTests : SqliteStoreTests
{
    private static readonly DateTime Cutoff = new(2030, 6, 1, 12, 0, 0, DateTimeKind.Utc);

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
        await Store.PersistErrors([Error(oldComplete), Error(suspended)]);
        await Store.ScheduleCommand(new ScheduledCommand { CommandName = ScheduledCommand.ProcessWorkflow, Data = oldTerminated, ExecuteTime = 1 });
        var oldProcessed = await Event(Cutoff.AddDays(-1), processed: true);
        var oldPending = await Event(Cutoff.AddDays(-1), processed: false);
        var recentProcessed = await Event(Cutoff.AddMinutes(1), processed: true);

        var removed = await Store.PurgeAsync(Cutoff, CancellationToken.None);

        Assert.Equal(7, removed); // 2 workflows, 2 subscriptions, 1 error, 1 command, 1 event
        Assert.Null(await Store.GetWorkflowInstance(oldComplete));
        Assert.Null(await Store.GetWorkflowInstance(oldTerminated));
        Assert.Null(await Store.GetSubscription(oldSubscription));
        Assert.Null(await Store.GetSubscription(orphanSubscription));
        Assert.Null(await Store.GetEvent(oldProcessed));
        Assert.Empty(await Store.GetErrorsAsync(oldComplete, CancellationToken.None));
        Assert.Equal(0L, Database.Scalar("SELECT count(*) FROM wf_scheduled_commands"));
        foreach (var kept in new[] { recentComplete, running, suspended })
        {
            Assert.NotNull(await Store.GetWorkflowInstance(kept));
        }

        Assert.NotNull(await Store.GetSubscription(liveSubscription));
        Assert.Single(await Store.GetErrorsAsync(suspended, CancellationToken.None));
        Assert.NotNull(await Store.GetEvent(oldPending));
        Assert.NotNull(await Store.GetEvent(recentProcessed));
    }

    [Fact]
    public async Task PurgeAsync_AfterWrites_TruncatesTheWriteAheadLog()
    {
        for (var i = 0; i < 20; i++)
        {
            await Workflow(WorkflowStatus.Complete, Cutoff.AddDays(-1));
        }

        Assert.True(new FileInfo(Database.Path + "-wal").Length > 0);

        await Store.PurgeAsync(Cutoff, CancellationToken.None);

        // Truncated, or gone: SQLite removes the log when the last connection to the file closes after the checkpoint.
        var wal = new FileInfo(Database.Path + "-wal");
        Assert.True(!wal.Exists || wal.Length == 0, $"the write-ahead log still holds {(wal.Exists ? wal.Length : 0)} bytes after the purge");
    }

    private async Task<string> Workflow(WorkflowStatus status, DateTime? completeTime)
    {
        var workflow = SampleWorkflows.Rich(Cutoff.AddDays(-3));
        workflow.Status = status;
        workflow.CompleteTime = completeTime;
        return await Store.CreateNewWorkflow(workflow);
    }

    private Task<string> Subscription(string workflowId) => Store.CreateEventSubscription(new EventSubscription
    {
        WorkflowId = workflowId, EventName = "e", EventKey = "k", SubscribeAsOf = Cutoff.AddDays(-3),
    });

    private static ExecutionError Error(string workflowId) => new()
    {
        WorkflowId = workflowId, ExecutionPointerId = "p1", ErrorTime = Cutoff.AddDays(-3), Message = "boom",
    };

    private Task<string> Event(DateTime time, bool processed) => Store.CreateEvent(new Event
    {
        EventName = "e", EventKey = "k", EventTime = time, IsProcessed = processed,
    });
}
