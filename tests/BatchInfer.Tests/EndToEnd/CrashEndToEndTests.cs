namespace BatchInfer.Tests.EndToEnd;

/// <summary>
/// SIGKILL of the daemon (and the command following it) at five moments, then the same command: the task completes, the invariant holds, no batch is
/// created twice and the provider saw no record processed twice in the same round.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class CrashEndToEndTests
{
    private const int Copies = 4;
    private const int LinesPerChunk = 2000;
    private const int Records = 8792 * Copies;
    private const int Chunks = (Records + LinesPerChunk - 1) / LinesPerChunk;

    public static TheoryData<string> Moments => ["split", "upload", "create", "poll", "merge"];

    [Theory]
    [MemberData(nameof(Moments))]
    public async Task Pipeline_KilledAtMoment_SameCommandCompletesWithoutDuplicates(string moment)
    {
        // A merge of this input takes well under a second, so the kill can land after it ended; such a try tested
        // nothing and is made again from scratch (at most three times), never counted as a pass.
        for (var attempt = 1; ; attempt++)
        {
            using var simulator = await SimulatorProcess.StartAsync("--in-progress", "1500ms");
            using var work = new WorkDirectory(simulator.BaseUrl, $"lines_per_chunk: {LinesPerChunk}");
            var input = work.RepeatedGsm8k(Copies);
            var args = work.PipelineArgs(input, "crash");

            await KillAtMomentAsync(moment, work, simulator, args);
            var finishedBeforeKill = File.Exists(Path.Combine(work.Merged("crash"), "summary.json"));
            if (finishedBeforeKill && attempt < 3)
            {
                continue;
            }
            Assert.False(finishedBeforeKill, $"the task finished before the kill at {moment} in every try");

            var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, args, TimeSpan.FromMinutes(5));

            Assert.True(code == 0, $"exit {code} after kill at {moment}\n{stdout}\n{stderr}");
            var counts = RecordInvariant.AssertHolds(input, work.Merged("crash"));
            Assert.Equal(Records, counts.Succeeded);
            var stats = await simulator.StatsAsync();
            Assert.Equal(0, stats.GetProperty(SimulatorStatsNames.Duplicates).GetInt64());
            Assert.Equal(Chunks, stats.GetProperty(SimulatorStatsNames.BatchesCreated).GetInt64());
            return;
        }
    }

    private static async Task KillAtMomentAsync(string moment, WorkDirectory work, SimulatorProcess simulator, string[] args)
    {
        using var victim = BatchInferProcess.Start(work.Path, args);
        // The daemon runs the task; the command only follows it. Its pid is learnt while waiting, so that the
        // kill lands at the moment itself, not after a search of /proc.
        int? daemon = null;
        var reached = await Eventually.HoldsAsync(async () =>
        {
            daemon ??= DaemonReaper.LockPid(work.Path);
            return daemon is not null && await MomentReachedAsync(moment, work, simulator);
        }, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(2));
        Assert.True(reached, $"moment '{moment}' never came\n{victim.Stdout}\n{victim.Stderr}");
        DaemonReaper.Kill(daemon!.Value);
        victim.Kill();
        DaemonReaper.KillAll(work.Path);
    }

    private static async Task<bool> MomentReachedAsync(string moment, WorkDirectory work, SimulatorProcess simulator)
    {
        var chunks = Path.Combine(work.Path, "chunks", "crash", "r0");
        return moment switch
        {
            // The round directory appears when the split starts; the first upload follows the split's end.
            "split" => Directory.Exists(chunks) && await StatAsync(simulator, SimulatorStatsNames.FilesUploaded) == 0,
            "upload" => await StatAsync(simulator, SimulatorStatsNames.FilesUploaded) >= 1,
            "create" => await StatAsync(simulator, SimulatorStatsNames.BatchesCreated) >= 1,
            "poll" => await StatAsync(simulator, SimulatorStatsNames.BatchesCreated) >= Chunks,
            "merge" => File.Exists(Path.Combine(work.Merged("crash"), "output.jsonl.tmp")),
            _ => throw new ArgumentOutOfRangeException(nameof(moment)),
        };
    }

    private static async Task<long> StatAsync(SimulatorProcess simulator, string name) =>
        (await simulator.StatsAsync()).GetProperty(name).GetInt64();
}
