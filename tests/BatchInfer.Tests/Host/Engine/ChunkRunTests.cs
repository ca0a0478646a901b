using BatchInfer.Activities.Steps;
using BatchInfer.Host.Engine;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Engine;

/// <summary>What the chunk drawer reads from a chunk's workflow instance: its next run and its step's failed calls.</summary>
public sealed class ChunkRunTests
{
    private static readonly DateTime Until = new(2026, 12, 3, 10, 0, 30, DateTimeKind.Utc);

    [Fact]
    public void Of_StepSleepingAfterFailures_ItsWakeTimeAndFailures()
    {
        var instance = Instance(WorkflowStatus.Runnable,
            new ExecutionPointer { Active = false, Status = PointerStatus.Complete },
            new ExecutionPointer { Active = true, Status = PointerStatus.Sleeping, SleepUntil = Until, PersistenceData = new StepAttempt(3) });

        Assert.Equal(new ChunkRun(ChunkRun.Sleeping, new DateTimeOffset(Until), 3), ChunkRun.Of(instance));
    }

    [Fact]
    public void Of_SleepClearedByAWake_Due()
    {
        var instance = Instance(WorkflowStatus.Runnable, new ExecutionPointer { Active = true, Status = PointerStatus.Sleeping, PersistenceData = new StepAttempt(0) });

        Assert.Equal(new ChunkRun(ChunkRun.Due, null, 0), ChunkRun.Of(instance));
    }

    [Theory]
    [InlineData(WorkflowStatus.Complete, "complete")]
    [InlineData(WorkflowStatus.Suspended, "suspended")]
    public void Of_NotRunnable_NoNextRun(WorkflowStatus status, string expected)
    {
        Assert.Equal(new ChunkRun(expected, null, 0), ChunkRun.Of(Instance(status, new ExecutionPointer { Active = false, Status = PointerStatus.Complete })));
    }

    private static WorkflowInstance Instance(WorkflowStatus status, params ExecutionPointer[] pointers) =>
        new() { Status = status, ExecutionPointers = new ExecutionPointerCollection([.. pointers.Select((p, i) => { p.Id = $"p{i}"; return p; })]) };
}
