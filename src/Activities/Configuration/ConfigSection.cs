using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Activities.Configuration;

/// <summary>One mapping of the config file (the top level or <c>model:</c>), looked up by key.</summary>
/// <param name="mapping">Null when the section is absent or empty.</param>
/// <param name="prefix">Prepended to key names in problems, e.g. <c>model.</c>.</param>
/// <param name="anchor">Where a missing key should be reported (the section's own key), if anywhere.</param>
/// <param name="reportMissing">False when the section itself is malformed and already reported.</param>
internal sealed class ConfigSection(
    YamlMappingNode? mapping,
    string prefix,
    Mark? anchor,
    bool reportMissing,
    ProblemCollector problems)
{
    public string PathOf(string key) => prefix + key;

    /// <summary>The key's own node (for positions), or null when absent.</summary>
    public YamlScalarNode? KeyNode(string key) =>
        mapping?.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == key);

    /// <summary>The value, or null when the key is absent or has no value (<c>key:</c>, <c>key: ~</c>).</summary>
    public YamlNode? Get(string key)
    {
        if (KeyNode(key) is not { } keyNode)
        {
            return null;
        }

        var value = mapping!.Children[keyNode];
        return value is YamlScalarNode scalar && YamlScalar.Resolve(scalar).Kind == ScalarKind.Null ? null : value;
    }

    /// <summary>Like <see cref="Get"/>, but a missing or empty value is a problem that names the key.</summary>
    public YamlNode? Required(string key)
    {
        var value = Get(key);
        if (value is not null || !reportMissing)
        {
            return value;
        }

        if (KeyNode(key) is { } keyNode)
        {
            problems.Add(PathOf(key), keyNode, "is required but has no value");
            return null;
        }

        var message = prefix.Length > 0 ? $"is required but missing (add it under {prefix.TrimEnd('.')}:)" : "is required but missing";
        if (anchor is { } at)
        {
            problems.Add(PathOf(key), at, message);
        }
        else
        {
            problems.Add(PathOf(key), message);
        }

        return null;
    }

    /// <summary>Reports every key not in <paramref name="known"/>, suggesting the key that was probably meant.</summary>
    /// <param name="elsewhere">Keys of the other section with the prefix to show them with, for keys put at the wrong level.</param>
    public void ReportUnknownKeys(IReadOnlyList<string> known, IReadOnlyList<string> elsewhere, string elsewherePrefix)
    {
        if (mapping is null)
        {
            return;
        }

        foreach (var key in mapping.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                problems.Add(prefix.TrimEnd('.'), key, $"a key must be a plain name, got {ScalarReader.Describe(key)}");
                continue;
            }

            if (known.Contains(name))
            {
                continue;
            }

            problems.Add(PathOf(name), key, $"unknown key{Suggestion(name, known, elsewhere, elsewherePrefix)}");
        }
    }

    private string Suggestion(string name, IReadOnlyList<string> known, IReadOnlyList<string> elsewhere, string elsewherePrefix)
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
