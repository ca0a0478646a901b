using System.Globalization;
using System.Text.RegularExpressions;

namespace BatchInfer.Activities.Configuration;

/// <summary>The batch's completion window as configured ("24h"): a whole number of hours.</summary>
public static partial class CompletionWindow
{
    public static bool TryParseHours(string? window, out int hours)
    {
        hours = 0;
        var match = HoursPattern().Match(window ?? string.Empty);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out hours);
    }

    [GeneratedRegex("^([0-9]{1,6})h$", RegexOptions.CultureInvariant)]
    private static partial Regex HoursPattern();
}
