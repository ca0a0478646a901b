namespace BatchInfer.Benchmarks;

/// <summary>The process's peak resident set (Linux VmHWM), which can be reset so that each step gets its own peak.</summary>
internal static class PeakMemory
{
    /// <summary>Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+); elsewhere this does nothing.</summary>
    public static void Reset()
    {
        // Give back what the previous step left on the heap, so the next peak is the next step's own: an
        // aggressive collection also returns the free regions to the system (a forced one kept the regions
        // of the fabricated outputs' strings committed, which then counted as reconciliation's).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not resettable here: the figure then covers the whole run so far.
        }
    }

    /// <summary>Peak resident megabytes since the last reset.</summary>
    public static double Megabytes()
    {
        foreach (var line in File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status") : [])
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1000.0;
            }
        }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }
}
