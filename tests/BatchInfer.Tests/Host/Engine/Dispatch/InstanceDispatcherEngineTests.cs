using Microsoft.Extensions.Time.Testing;

namespace BatchInfer.Tests.Host.Engine.Dispatch;

public sealed class InstanceDispatcherEngineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Engine_StepRunsThreeSeconds_InstanceHandedOutABoundedNumberOfTimes()
    {
        var probe = new StepProbe { Work = TimeSpan.FromSeconds(3) };
        await using var engine = await DispatchEngine.StartAsync(probe);

        var id = await engine.StartAsync(LongStepWorkflow.Name);
        await engine.WaitCompleteAsync(id, Timeout);

        // The poller asks for the instance about 30 times while its step runs; each ask must not become a hand-out
        // (WorkflowCore's own queue hands it out and takes it back in a loop, millions of times in 3 s).
        Assert.Equal(1, probe.Runs);
        Assert.InRange(engine.Dispatcher.HandOuts, 1, 5);
    }

    [Fact]
    public async Task Wake_StepSleepsAnHour_RunsAgainNow()
    {
        var probe = new StepProbe();
        probe.Release.SetResult();
        await using var engine = await DispatchEngine.StartAsync(probe);

        var id = await engine.StartAsync(SleeperWorkflow.Name);
        Assert.True(await Eventually.HoldsAsync(async () => await engine.Store.GetWorkflowInstance(id) is { } wf
            && wf.ExecutionPointers.Any(p => p.SleepUntil > DateTime.UtcNow.AddMinutes(30)), Timeout), "the step did not go to sleep");
        engine.Dispatcher.Wake(id);

        await engine.WaitCompleteAsync(id, Timeout);
        Assert.Equal(SleepForAnHour.Runs, probe.Runs);
    }

    [Fact]
    public async Task Sleep_FakeClockMovesPastTheHour_StepRunsAgain()
    {
        var time = new FakeTimeProvider();
        var probe = new StepProbe();
        probe.Release.SetResult();
        await using var engine = await DispatchEngine.StartAsync(probe, time);

        var id = await engine.StartAsync(SleeperWorkflow.Name);
        // The engine computes the wake-up time from the same clock as everything else: an hour of fake time from now.
        Assert.True(await Eventually.HoldsAsync(async () => await engine.Store.GetWorkflowInstance(id) is { } wf
            && wf.ExecutionPointers.Any(p => p.SleepUntil == time.GetUtcNow().UtcDateTime.AddHours(1)), Timeout), "the step did not go to sleep for an hour");
        time.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, probe.Runs);

        time.Advance(TimeSpan.FromMinutes(2));

        await engine.WaitCompleteAsync(id, Timeout);
        Assert.Equal(SleepForAnHour.Runs, probe.Runs);
    }

    [Fact]
    public async Task Wake_ArrivesWhileTheStepRuns_AppliedToTheRunAfterIt()
    {
        var probe = new StepProbe();
        await using var engine = await DispatchEngine.StartAsync(probe);

        var id = await engine.StartAsync(SleeperWorkflow.Name);
        await probe.FirstRunStarted.Task.WaitAsync(Timeout);
        // The running step will decide to sleep an hour; the wake asked for now must not be lost to that decision.
        engine.Dispatcher.Wake(id);
        probe.Release.SetResult();

        await engine.WaitCompleteAsync(id, Timeout);
        Assert.Equal(SleepForAnHour.Runs, probe.Runs);
    }
}
