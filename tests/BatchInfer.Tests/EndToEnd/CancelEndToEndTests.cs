using System.Text.Json;
using Xunit.Abstractions;
using BatchInfer.Tests.Host.Daemon;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>-cancel from a second process: the provider's batches end cancelled, partial output is merged, the follower exits 4.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class CancelEndToEndTests(ITestOutputHelper output)
{
    private const int Records = 3000;
    private const int Chunks = 6;

    [Fact]
    public async Task Cancel_RunningTaskFromSecondProcess_BatchesCancelledPartialMergedFollowerExits4()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "20s");
        var (simulator, work, input) = provider;
        using var follower = BatchInferProcess.Start(work.Path, work.PipelineArgs(input, "big"));
        // Every batch created and some records answered: the cancel has partial output to salvage.
        Assert.True(await Eventually.HoldsAsync(
                () => DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated) == Chunks
                    && DaemonWork.Stat(simulator, SimulatorStatsNames.RecordsProcessed) > 0,
                TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(50)),
            $"the batches never ran\n{follower.Stdout}\n{follower.Stderr}");

        var cancel = await BatchInferProcess.RunAsync(work.Path, ["-cancel", "big"], DaemonWork.Generous);
        var followerCode = await follower.WaitAsync(DaemonWork.Generous);

        output.WriteLine($"-cancel big (exit {cancel.ExitCode}):\n{cancel.Stdout}follower (exit {followerCode}):\n{follower.Stdout}");
        Assert.True(cancel.ExitCode == 0, $"cancel exit {cancel.ExitCode}\n{cancel.Stdout}\n{cancel.Stderr}");
        Assert.Contains("Cancelling task big", cancel.Stdout, StringComparison.Ordinal);
        Assert.Contains("Task big cancelled:", cancel.Stdout, StringComparison.Ordinal);
        Assert.True(followerCode == 4, $"follower exit {followerCode}\n{follower.Stdout}\n{follower.Stderr}");
        Assert.Contains("Task big was cancelled", follower.Stdout, StringComparison.Ordinal);

        var stats = await simulator.StatsAsync();
        Assert.Equal(Chunks, stats.GetProperty(SimulatorStatsNames.BatchesByFinalState).GetProperty("cancelled").GetInt32());
        Assert.Equal(Chunks, stats.GetProperty(SimulatorStatsNames.BatchesCreated).GetInt64());
        var counts = RecordInvariant.AssertHolds(input, work.Merged("big"));
        Assert.True(counts.Succeeded > 0, "no partial output was merged");
        Assert.True(counts.Missing > 0, "nothing was left unprocessed: the cancel came too late to test anything");
        Assert.Equal(Records, counts.Succeeded + counts.Failed + counts.Missing);
        Assert.Contains($"{counts.Succeeded:N0} succeeded", cancel.Stdout, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work.Merged("big"), "summary.json")));
        Assert.Equal("cancelled", summary.RootElement.GetProperty("outcome").GetString());

        var again = await BatchInferProcess.RunAsync(work.Path, ["-cancel", "big"], DaemonWork.Generous);
        var unknown = await BatchInferProcess.RunAsync(work.Path, ["-cancel", "nosuch"], DaemonWork.Generous);
        output.WriteLine($"-cancel big again (exit {again.ExitCode}): {again.Stdout}-cancel nosuch (exit {unknown.ExitCode}): {unknown.Stderr}");
        Assert.True(again.ExitCode == 3, $"exit {again.ExitCode}\n{again.Stdout}\n{again.Stderr}");
        Assert.Contains("task big has already finished; nothing to cancel", again.Stdout, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 2, $"exit {unknown.ExitCode}\n{unknown.Stdout}\n{unknown.Stderr}");
        Assert.Contains("task nosuch is not known", unknown.Stderr, StringComparison.Ordinal);
    }
}
