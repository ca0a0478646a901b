using System.Diagnostics;
using System.Globalization;
using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Results;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Benchmarks;

/// <summary>
/// Times the record logic on a generated input (split; reconcile + merge over fabricated success files)
/// next to <c>cat FILE &gt; /dev/null</c> and <c>split -l</c> on the same file, the physical floor and
/// what a user would write instead; then the search of a record by custom_id in the task this made.
/// </summary>
internal static class RecordPipelineBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "batchinfer-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            var input = Path.Combine(directory, "input.jsonl");
            var (bytes, lines) = await InputGenerator.WriteAsync(options.Source, input, options.SizeMb * 1000L * 1000L);
            var megabytes = bytes / 1e6;
            Console.WriteLine($"input: {megabytes:F0} MB, {lines:N0} lines (from {Path.GetFileName(options.Source)}), lines_per_chunk {options.LinesPerChunk:N0}");

            var cat = Shell.Time($"cat '{input}' > /dev/null");
            var splitDirectory = Directory.CreateDirectory(Path.Combine(directory, "split-l")).FullName;
            var splitL = Shell.Time($"cd '{splitDirectory}' && split -l {options.LinesPerChunk} '{input}' part.");

            var layout = new TaskLayout(directory, "bench");
            var config = new BatchInferConfig
            {
                Model = new ModelConfig { Domain = "bench-model", Password = "unused", MaxTokens = 512 },
                LinesPerChunk = options.LinesPerChunk,
            };
            var profile = ProviderProfile.OpenAI;
            var watch = PhaseWatch.Start();
            var split = await InputSplitter.SplitAsync(input, config, profile, layout, CancellationToken.None);
            var splitTime = watch.Lap();

            var outputBytes = await FakeOutputs.WriteAsync(layout, split.Chunks);
            watch.Lap();
            var outcome = await RoundReconciler.ReconcileAsync(layout, 0, split.Chunks.Count, isLastRound: true, config, profile, CancellationToken.None);
            var reconcileTime = watch.Lap();
            var merged = await ResultMerger.MergeAsync(layout, 0, 0, CancellationToken.None);
            var mergeTime = watch.Lap();

            if (merged.Output != split.ValidRecords || outcome.Succeeded != split.ValidRecords)
            {
                Console.Error.WriteLine($"unexpected counts: {split.ValidRecords} valid, {outcome.Succeeded} succeeded, {merged.Output} merged");
                return 1;
            }
            var outputMb = outputBytes / 1e6;
            Console.WriteLine($"{"step",-28} {"seconds",8} {"cpu s",8} {"MB/s",8} {"records/s",12} {"peak MB",8}");
            Row("cat > /dev/null", cat, megabytes, lines);
            Row($"split -l {options.LinesPerChunk}", splitL, megabytes, lines);
            Row($"SplitAsync ({split.Chunks.Count} chunks)", splitTime, megabytes, split.ValidRecords);
            Row($"ReconcileAsync ({outputMb:F0} MB out)", reconcileTime, outputMb, outcome.Succeeded);
            Row("MergeAsync", mergeTime, outputMb, merged.Output);
            Row("reconcile + merge", reconcileTime + mergeTime, outputMb, merged.Output);
            Console.WriteLine("peak MB: the process's peak resident set during that step (VmHWM, reset between steps)");
            return RecordSearchBenchmark.Run(layout, split.ValidRecords, megabytes);
        }
        finally
        {
            if (!options.Keep)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void Row(string step, Phase phase, double megabytes, long records) =>
        Console.WriteLine($"{step,-28} {phase.Wall.TotalSeconds,8:F2} {(phase.Cpu is { } cpu ? cpu.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "-"),8} "
            + $"{megabytes / phase.Wall.TotalSeconds,8:F0} {records / phase.Wall.TotalSeconds,12:N0} {(phase.PeakMb is { } peak ? peak.ToString("F0", CultureInfo.InvariantCulture) : "-"),8}");
}
