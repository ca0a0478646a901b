namespace BatchInfer.Activities.Configuration;

/// <summary>"Did you mean" for misspelt keys and values.</summary>
internal static class KeySuggestions
{
    /// <summary>The one candidate close to <paramref name="typed"/>, or null when none or several are equally close.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var allowed = Math.Clamp(typed.Length / 3, 1, 3);
        var ranked = candidates
            .Select(c => (Candidate: c, Distance: Distance(typed.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(x => x.Distance <= allowed)
            .OrderBy(x => x.Distance)
            .Take(2)
            .ToList();
        return ranked switch
        {
            [var only] => only.Candidate,
            [var best, var next] when best.Distance < next.Distance => best.Candidate,
            _ => null,
        };
    }

    // Optimal string alignment distance, so that a swapped pair of letters counts as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
