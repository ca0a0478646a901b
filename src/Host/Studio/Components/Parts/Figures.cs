using System.Globalization;

namespace BatchInfer.Host.Studio.Components.Parts;

/// <summary>How the Studio writes numbers and durations: one way on every page.</summary>
internal static class Figures
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double? perSecond) => perSecond is { } rate ? rate.ToString("N1", CultureInfo.InvariantCulture) + "/s" : "–";

    public static string Duration(double? seconds) => seconds is not { } s ? "–" : TimeSpan.FromSeconds(Math.Round(s)) switch
    {
        { TotalHours: >= 1 } t => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h {t.Minutes:D2}m"),
        { TotalMinutes: >= 1 } t => string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m {t.Seconds:D2}s"),
        var t => string.Create(CultureInfo.InvariantCulture, $"{t.Seconds}s"),
    };

    /// <summary>A point in time in UTC or in the local zone of the daemon's machine (pages are rendered there).</summary>
    public static string Time(DateTimeOffset? at, bool utc) => at is not { } value ? "–"
        : (utc ? value.ToUniversalTime() : value.ToLocalTime()).ToString(utc ? "yyyy-MM-dd HH:mm:ss 'UTC'" : "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
