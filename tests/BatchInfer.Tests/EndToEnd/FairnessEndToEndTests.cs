using System.Globalization;
using BatchInfer.Host.Api;
using BatchInfer.Host.Cli;
using BatchInfer.Host.Engine;
using Xunit.Abstractions;
using BatchInfer.Tests.Host.Daemon;
using BatchInfer.Tests.Host.Workflows;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>
/// A 50,000-record task holding every batch slot of the endpoint, then a 100-record task: the small one gets the
/// next free slot (the task with the fewest batches in flight goes first) and finishes while the big one still has
/// most of its chunks to go.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class FairnessEndToEndTests(ITestOutputHelper output)
{
    private const int BigRecords = 50_000;
    private const int SmallRecords = 100;
    private const int LinesPerChunk = 1000;
    private const int BigChunks = BigRecords / LinesPerChunk;
    private const int BatchSlots = 4;

    [Fact]
    public async Task Pipeline_BigTaskHoldsEverySlot_SmallTaskFinishesWhileBigHasMostChunksToGo()
    {
        using var simulator = await SimulatorProcess.StartAsync("--validating", "100ms", "--in-progress", "1s", "--finalizing", "50ms");
        using var work = new WorkDirectory(simulator.BaseUrl, $"lines_per_chunk: {LinesPerChunk}");
        var workflow = WorkflowFiles.Write(work.Path, "narrow.yaml",
            ("batches_in_flight_per_endpoint", BatchSlots.ToString(CultureInfo.InvariantCulture)),
            ("engine_poll_interval_seconds", "0.2"),
            ("round_check_interval_seconds", "0.2"));
        var big = FirstLines(work.RepeatedGsm8k(6), BigRecords);
        var small = DaemonWork.SmallInput(work, SmallRecords);

        using var bigCommand = BatchInferProcess.Start(work.Path, [.. work.PipelineArgs(big, "big"), "-workflow", workflow]);
        using var client = new DaemonClient(await DaemonWork.LiveDaemonAsync(work.Path));
        // The big task has every batch slot and a queue of chunks waiting for one: only then does the small one come.
        Assert.True(await Eventually.HoldsAsync(() => Queued(Summary(client, "big")), TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(50)),
            $"the big task never filled the slots\n{bigCommand.Stdout}\n{bigCommand.Stderr}");
        using var smallCommand = BatchInferProcess.Start(work.Path, [.. work.PipelineArgs(small, "small"), "-workflow", workflow]);

        TaskSummaryDto? bigWhenSmallEnded = null;
        Assert.True(await Eventually.HoldsAsync(() =>
            {
                var smallNow = Summary(client, "small");
                if (smallNow is null || !TaskStatusNames.IsFinal(smallNow.Status))
                {
                    return false;
                }
                bigWhenSmallEnded = Summary(client, "big");
                return true;
            }, DaemonWork.Generous, TimeSpan.FromMilliseconds(50)),
            $"the small task did not finish\n{smallCommand.Stdout}\n{smallCommand.Stderr}");
        var smallCode = await smallCommand.WaitAsync(DaemonWork.Generous);
        var bigCode = await bigCommand.WaitAsync(TimeSpan.FromMinutes(8));
        var smallEnd = Summary(client, "small")!;
        var bigEnd = Summary(client, "big")!;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"small task ({SmallRecords} records): {smallEnd.ElapsedSeconds:0.0} s; when it finished the big task had " +
            $"{bigWhenSmallEnded!.ChunksByState.Collected}/{BigChunks} chunks collected (status {bigWhenSmallEnded.Status})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"big task ({BigRecords:N0} records, {BigChunks} chunks, {BatchSlots} batch slots): {bigEnd.ElapsedSeconds:0.0} s; " +
            $"{bigEnd.ThroughputRecordsPerSecond:N0} records/s"));
        Assert.True(smallCode == 0, $"small exit {smallCode}\n{smallCommand.Stdout}\n{smallCommand.Stderr}");
        Assert.True(bigCode == 0, $"big exit {bigCode}\n{bigCommand.Stdout}\n{bigCommand.Stderr}");
        Assert.True(bigWhenSmallEnded.ChunksByState.Collected < BigChunks / 2,
            $"the small task finished only after the big one had collected {bigWhenSmallEnded.ChunksByState.Collected} of {BigChunks} chunks");
        Assert.Equal(SmallRecords, RecordInvariant.AssertHolds(small, work.Merged("small")).Succeeded);
        Assert.Equal(BigRecords, RecordInvariant.AssertHolds(big, work.Merged("big")).Succeeded);
    }

    /// <summary>Every batch slot is taken by the task and more than half of its chunks wait for one.</summary>
    private static bool Queued(TaskSummaryDto? summary) =>
        summary?.ChunksByState is { } chunks
        && chunks.Submitted + chunks.Running + chunks.Downloading >= BatchSlots
        && chunks.Pending + chunks.Uploaded > BigChunks / 2;

    private static TaskSummaryDto? Summary(DaemonClient client, string taskId)
    {
        try
        {
            return client.GetTaskAsync(taskId, CancellationToken.None).GetAwaiter().GetResult().Summary;
        }
        catch (DaemonApiException)
        {
            // Not registered yet.
            return null;
        }
    }

    private static string FirstLines(string path, int lines)
    {
        var cut = Path.ChangeExtension(path, $".first{lines}.jsonl");
        File.WriteAllLines(cut, File.ReadLines(path).Take(lines));
        return cut;
    }
}
