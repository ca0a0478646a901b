using System.Globalization;

namespace BatchInfer.Benchmarks;

/// <summary>Command line: <c>--size-mb N</c> (input size), <c>--lines-per-chunk N</c>, <c>--source FILE</c> (default: examples/data/gsm8k.messages.jsonl from the repository root), <c>--keep</c>.</summary>
internal sealed record BenchmarkOptions(int SizeMb, int LinesPerChunk, string Source, bool Keep)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(100, 50_000, Path.Combine("examples", "data", "gsm8k.messages.jsonl"), false);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i].TrimStart('-') switch
            {
                "size-mb" => options with { SizeMb = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "lines-per-chunk" => options with { LinesPerChunk = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "source" => options with { Source = args[++i] },
                "keep" => options with { Keep = true },
                var other => throw new ArgumentException($"unknown option '{other}'; expected --size-mb N, --lines-per-chunk N, --source FILE, --keep"),
            };
        }
        return options;
    }
}
