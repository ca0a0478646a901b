using System.Globalization;

namespace BatchInfer.Host.Studio.Components.Parts;

/// <summary>
/// How long until a moment, as the Studio counts it down: whole minutes (rounded down) above a minute, so that the text
/// changes once a minute; seconds in the last minute.
/// </summary>
internal static class Countdown
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    /// <summary>"23 h 12 min", "12 min", "42 s"; null once the moment has come.</summary>
    public static string? Left(DateTimeOffset until, DateTimeOffset now)
    {
        var left = until - now;
        if (left <= TimeSpan.Zero)
        {
            return null;
        }
        if (left <= OneMinute)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(left.TotalSeconds)} s");
        }
        var minutes = (long)left.TotalMinutes;
        return minutes >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60} min")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes} min");
    }

    /// <summary>How long until <see cref="Left"/> says something else; null when it has come already.</summary>
    public static TimeSpan? NextChange(DateTimeOffset until, DateTimeOffset now)
    {
        var left = until - now;
        if (left <= TimeSpan.Zero)
        {
            return null;
        }
        var step = left <= OneMinute ? OneSecond : OneMinute;
        var sinceChange = TimeSpan.FromTicks(left.Ticks % step.Ticks);
        // Above a minute the text is rounded down, so it changes when a whole minute is crossed; below, it is rounded up,
        // so it changes just after a whole second is crossed. Either way: what is left beyond the last whole step.
        return sinceChange == TimeSpan.Zero ? step : sinceChange;
    }
}
