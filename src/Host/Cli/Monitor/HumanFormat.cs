using System.Globalization;

namespace BatchInfer.Host.Cli.Monitor;

/// <summary>Numbers, durations and rates the way a person reads them; invariant culture so output is stable.</summary>
internal static class HumanFormat
{
    public const string None = "-";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", Culture);

    public static string Percent(double value) => Math.Clamp(value, 0, 100).ToString("0.0", Culture) + "%";

    /// <summary>Two significant units at most: "42s", "3m 05s", "1h 02m", "2d 03h".</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } value || double.IsNaN(value) || double.IsInfinity(value))
        {
            return None;
        }
        var total = (long)Math.Round(Math.Max(0, value));
        var (days, hours, minutes, secs) = (total / 86_400, total / 3_600 % 24, total / 60 % 60, total % 60);
        return days > 0 ? string.Create(Culture, $"{days}d {hours:00}h")
            : hours > 0 ? string.Create(Culture, $"{hours}h {minutes:00}m")
            : minutes > 0 ? string.Create(Culture, $"{minutes}m {secs:00}s")
            : string.Create(Culture, $"{secs}s");
    }

    /// <summary>Records per second, or per minute / hour when slower, so a small number is still readable.</summary>
    public static string Throughput(double? recordsPerSecond)
    {
        if (recordsPerSecond is not { } perSecond || double.IsNaN(perSecond) || double.IsInfinity(perSecond) || perSecond < 0)
        {
            return None;
        }
        return perSecond >= 1 || perSecond == 0 ? Rate(perSecond, "s")
            : perSecond * 60 >= 1 ? Rate(perSecond * 60, "min")
            : Rate(perSecond * 3_600, "h");
    }

    public static string Timestamp(DateTimeOffset? at) =>
        at is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", Culture) + " UTC" : None;

    private static string Rate(double value, string unit) => value.ToString("#,0.#", Culture) + " rec/" + unit;
}
