using System.Diagnostics;

namespace BatchInfer.Benchmarks;

/// <summary>
/// Wall time, CPU time and peak resident memory of one step, when known (the machine is shared, so
/// wall time alone misleads).
/// </summary>
internal sealed record Phase(TimeSpan Wall, TimeSpan? Cpu, double? PeakMb)
{
    public static Phase operator +(Phase left, Phase right) =>
        new(left.Wall + right.Wall, left.Cpu is { } l && right.Cpu is { } r ? l + r : null, Math.Max(left.PeakMb ?? 0, right.PeakMb ?? 0));
}

internal sealed class PhaseWatch
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    private PhaseWatch() => PeakMemory.Reset();

    public static PhaseWatch Start() => new();

    /// <summary>The time since the last lap (or the start), and starts the next one.</summary>
    public Phase Lap()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var phase = new Phase(_wall.Elapsed, cpu - _cpu, PeakMemory.Megabytes());
        PeakMemory.Reset();
        _cpu = cpu;
        _wall.Restart();
        return phase;
    }
}
