using Keys = BatchInfer.Activities.Configuration.ConfigKeys;

namespace BatchInfer.Activities.Configuration;

/// <summary>Reports every key of the top level and of <c>model:</c> that the tool does not know, with the key that was probably meant.</summary>
internal static class UnknownKeys
{
    public static void Report(IEnumerable<KeyPlace> keys, ProblemCollector problems)
    {
        foreach (var key in keys)
        {
            // Keys deeper down (inside extra_body, say) are the provider's business, not ours.
            var (known, elsewhere, elsewherePrefix) = key.Parent switch
            {
                "" => (Keys.TopLevel, Keys.ModelLevel, Keys.ModelPrefix),
                Keys.Model => (Keys.ModelLevel, Keys.TopLevel, string.Empty),
                _ => (null, null, null),
            };
            if (known is null || known.Contains(key.Name))
            {
                continue;
            }

            var prefix = key.Parent.Length == 0 ? string.Empty : Keys.ModelPrefix;
            problems.Add(prefix + key.Name, key.Key, $"unknown key{Suggestion(key.Name, prefix, known, elsewhere!, elsewherePrefix!)}");
        }
    }

    private static string Suggestion(string name, string prefix, IReadOnlyList<string> known, IReadOnlyList<string> elsewhere, string elsewherePrefix)
    {
        var misplaced = elsewhere.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        if (misplaced is not null)
        {
            var where = elsewherePrefix.Length > 0 ? $"under {elsewherePrefix.TrimEnd('.')}:" : "at the top level";
            return $"; did you mean {elsewherePrefix}{misplaced}? it belongs {where}";
        }

        return KeySuggestions.Closest(name, known) is { } close ? $"; did you mean {prefix}{close}?" : string.Empty;
    }
}
