using System.Diagnostics;
using System.Globalization;
using BatchInfer.Activities.Records;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Benchmarks;

/// <summary>
/// Times the search of one record by custom_id (RecordLocator: the .ids files of every round, then the outcome) in the
/// task the pipeline benchmark has just split and reconciled: the last record, which the search reaches last; an id no
/// record has, which reads every .ids file through; and one without printable ASCII, for which the byte search can skip
/// no line, so every line's id is unescaped and compared. The first run reads from disk (the split wrote past the page
/// cache); the later ones from the cache.
/// </summary>
internal static class RecordSearchBenchmark
{
    private const int Runs = 5;

    public static int Run(TaskLayout layout, long lastLine, double inputMegabytes)
    {
        var idsBytes = Directory.EnumerateFiles(layout.RoundDirectory(0), "*.ids").Sum(path => new FileInfo(path).Length);
        Console.WriteLine($"record search: .ids files {idsBytes / 1e6:F1} MB, {Runs} runs each ({"first ms",8} {"median ms",9} {"ids MB/s",8} {"input MB/s",10})");
        var last = lastLine.ToString(CultureInfo.InvariantCulture);
        (string Name, string CustomId, RecordOutcome? Expected)[] searches =
        [
            ("last record, answered", last, RecordOutcome.Answered),
            ("an id no record has", "no-such-id", null),
            ("no ASCII: every line checked", "日本語", null),
        ];
        foreach (var (name, customId, expected) in searches)
        {
            var times = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                var found = RecordLocator.Locate(layout, new CustomIdMatcher(customId), CancellationToken.None);
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (found?.Outcome != expected)
                {
                    Console.Error.WriteLine($"search for {customId}: expected {expected?.ToString() ?? "nothing"}, got {found}");
                    return 1;
                }
            }
            var median = times.Order().ElementAt(Runs / 2);
            Console.WriteLine($"  {name,-28} {times[0],8:F0} {median,9:F0} {idsBytes / 1e3 / median,8:F0} {inputMegabytes * 1e3 / median,10:F0}");
        }
        return 0;
    }
}
