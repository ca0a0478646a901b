using BatchInfer.Host.Daemon;
using BatchInfer.Tests.EndToEnd;

namespace BatchInfer.Tests.Host.Daemon;

/// <summary>The real daemon process, started by the commands themselves: one per directory, resumes after SIGKILL, stops by itself.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class DaemonLifecycleTests
{
    [Fact]
    public async Task Pipeline_ThreeCommandsAtOnce_OneDaemonRunsAllThreeTasks()
    {
        using var work = new WorkDirectory("simulator", "lines_per_chunk: 500");
        var input = DaemonWork.SmallInput(work, 2000);
        string[] ids = ["first", "second", "third"];

        var commands = ids.Select(id => BatchInferProcess.Start(work.Path, work.PipelineArgs(input, id))).ToList();
        try
        {
            var codes = await Task.WhenAll(commands.Select(c => c.WaitAsync(DaemonWork.Generous)));

            for (var i = 0; i < ids.Length; i++)
            {
                Assert.True(codes[i] == 0, $"{ids[i]}: exit {codes[i]}\n{commands[i].Stdout}\n{commands[i].Stderr}");
                var counts = RecordInvariant.AssertHolds(input, work.Merged(ids[i]));
                Assert.Equal(2000, counts.Succeeded);
            }
            var daemons = DaemonReaper.DaemonPids(work.Path);
            Assert.Equal([DaemonReaper.LockPid(work.Path)!.Value], daemons);
        }
        finally
        {
            commands.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Pipeline_DaemonKilledMidRun_ComesBackAndCompletesWithoutRecreatingBatches()
    {
        using var provider = await DaemonWork.SlowProviderAsync(3000);
        var (simulator, work, input) = provider;
        var args = provider.PipelineArgs("killed");

        using var follower = BatchInferProcess.Start(work.Path, args);
        var first = await DaemonWork.LiveDaemonAsync(work.Path);
        Assert.True(await Eventually.HoldsAsync(() => BatchesCreated(simulator) >= 1, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(20)),
            $"no batch was created\n{follower.Stdout}\n{follower.Stderr}");
        DaemonReaper.Kill(first.Pid);

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, args, DaemonWork.Generous);
        var followerCode = await follower.WaitAsync(DaemonWork.Generous);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        // The command that was following when the daemon died brought it back too, and saw the end.
        Assert.True(followerCode == 0, $"follower exit {followerCode}\n{follower.Stdout}\n{follower.Stderr}");
        Assert.NotEqual(first.Pid, DaemonReaper.LockPid(work.Path));
        Assert.Equal(3000, RecordInvariant.AssertHolds(input, work.Merged("killed")).Succeeded);
        var stats = await simulator.StatsAsync();
        Assert.Equal(6, stats.GetProperty(SimulatorStatsNames.BatchesCreated).GetInt64());
        Assert.Equal(0, stats.GetProperty(SimulatorStatsNames.Duplicates).GetInt64());
    }

    [Fact]
    public async Task Pipeline_Detach_ReturnsAfterAcceptanceAndSameCommandAttaches()
    {
        using var provider = await DaemonWork.SlowProviderAsync(1000);
        var (simulator, work, input) = provider;
        var args = provider.PipelineArgs("detached");

        var detached = await BatchInferProcess.RunAsync(work.Path, [.. args, "--detach"], DaemonWork.Generous);

        Assert.True(detached.ExitCode == 0, $"exit {detached.ExitCode}\n{detached.Stdout}\n{detached.Stderr}");
        Assert.Contains("batch_infer -monitor detached", detached.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("finished", detached.Stdout, StringComparison.Ordinal);
        var attached = await BatchInferProcess.RunAsync(work.Path, args, DaemonWork.Generous);
        Assert.True(attached.ExitCode == 0, $"exit {attached.ExitCode}\n{attached.Stdout}\n{attached.Stderr}");
        Assert.Contains("1,000 succeeded", attached.Stdout, StringComparison.Ordinal);
        Assert.Equal(1000, RecordInvariant.AssertHolds(input, work.Merged("detached")).Succeeded);
        Assert.Equal(2, (await simulator.StatsAsync()).GetProperty(SimulatorStatsNames.BatchesCreated).GetInt64());
    }

    [Fact]
    public async Task DaemonRun_IdleExitElapsed_StopsByItselfAndReleasesTheLock()
    {
        using var work = new WorkDirectory("simulator");
        using var daemon = BatchInferProcess.Start(work.Path, ["daemon", "run", "--idle-exit", "1s"]);
        await DaemonWork.LiveDaemonAsync(work.Path);

        Assert.Equal(0, await daemon.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Null(DaemonLock.ReadLive(work.Path));
        var status = await BatchInferProcess.RunAsync(work.Path, ["daemon", "status"], TimeSpan.FromMinutes(1));
        Assert.Equal(3, status.ExitCode);
    }

    [Fact]
    public async Task DaemonStatusAndStop_StaleLockFromKilledDaemon_TakenOverThenStopped()
    {
        using var work = new WorkDirectory("simulator");
        await File.WriteAllTextAsync(Path.Combine(work.Path, DaemonLock.FileName),
            new DaemonInfo(int.MaxValue - 1, 1, "stale", DateTimeOffset.UnixEpoch).ToJson());
        Assert.Equal(3, (await BatchInferProcess.RunAsync(work.Path, ["daemon", "status"], TimeSpan.FromMinutes(1))).ExitCode);

        using var one = BatchInferProcess.Start(work.Path, ["daemon", "run"]);
        using var other = BatchInferProcess.Start(work.Path, ["daemon", "run"]);
        {
            var live = await DaemonWork.LiveDaemonAsync(work.Path);
            var status = await BatchInferProcess.RunAsync(work.Path, ["daemon", "status"], TimeSpan.FromMinutes(1));
            Assert.Equal(0, status.ExitCode);
            Assert.Contains($"pid {live.Pid}", status.Stdout, StringComparison.Ordinal);

            var stop = await BatchInferProcess.RunAsync(work.Path, ["daemon", "stop"], TimeSpan.FromMinutes(1));
            Assert.True(stop.ExitCode == 0, stop.Stdout + stop.Stderr);
            // The one that lost the race exited quietly with 0, the winner after its graceful stop.
            Assert.Equal(0, await one.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Equal(0, await other.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Empty(DaemonReaper.DaemonPids(work.Path));
        }
    }

    private static long BatchesCreated(SimulatorProcess simulator) =>
        simulator.StatsAsync().GetAwaiter().GetResult().GetProperty(SimulatorStatsNames.BatchesCreated).GetInt64();
}
