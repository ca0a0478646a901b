using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Engine.Dispatch;

/// <summary>What the test steps saw, shared between a test and the steps the engine runs.</summary>
public sealed class StepProbe
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>How long the long step works on its first run.</summary>
    public TimeSpan Work { get; init; }

    /// <summary>Held by the long step's first run until the test sets it (when set, the step does not wait for it).</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstRunStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int CountRun() => Interlocked.Increment(ref _runs);
}

public sealed class DispatchData
{
    public int Value { get; set; }
}

/// <summary>One long step, then a short one: the engine's runnable poller asks for the instance while the first runs.</summary>
public sealed class LongStepWorkflow : IWorkflow<DispatchData>
{
    public const string Name = "dispatch-long-step";

    public string Id => Name;

    public int Version => 1;

    public void Build(IWorkflowBuilder<DispatchData> builder) =>
        builder.UseDefaultErrorBehavior(WorkflowErrorHandling.Suspend).StartWith<WorkLong>().Then<Done>();
}

/// <summary>One step that sleeps an hour after each run until it has run <see cref="SleepForAnHour.Runs"/> times.</summary>
public sealed class SleeperWorkflow : IWorkflow<DispatchData>
{
    public const string Name = "dispatch-sleeper";

    public string Id => Name;

    public int Version => 1;

    public void Build(IWorkflowBuilder<DispatchData> builder) =>
        builder.UseDefaultErrorBehavior(WorkflowErrorHandling.Suspend).StartWith<SleepForAnHour>().Then<Done>();
}

public sealed class WorkLong(StepProbe probe) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        probe.CountRun();
        await Task.Delay(probe.Work);
        return ExecutionResult.Next();
    }
}

public sealed class SleepForAnHour(StepProbe probe) : StepBodyAsync
{
    public const int Runs = 2;

    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var run = probe.CountRun();
        if (run == 1)
        {
            probe.FirstRunStarted.TrySetResult();
            await probe.Release.Task;
        }
        return run >= Runs ? ExecutionResult.Next() : ExecutionResult.Sleep(TimeSpan.FromHours(1), run);
    }
}

public sealed class Done : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context) => ExecutionResult.Next();
}
