using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Reads one typed value from a node, or records why it cannot (and returns null).
/// Messages quote the offending value, so never pass the password node to anything but <see cref="Text"/>.
/// </summary>
internal sealed class ScalarReader(ProblemCollector problems)
{
    private const int MaxQuotedLength = 60;

    /// <summary>Any scalar is accepted as text (as the original tool did); only lists and mappings are refused.</summary>
    public string? Text(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        problems.Add(key, node, $"expected text, got {DescribeCollection(node)}");
        return null;
    }

    public long? Integer(YamlNode node, string key)
    {
        if (Scalar(node, key, "a whole number") is not { } scalar)
        {
            return null;
        }

        if (scalar.Kind == ScalarKind.Integer)
        {
            if (scalar.TryGetInt64(out var value))
            {
                return value;
            }

            problems.Add(key, node, $"{scalar.Text} is too large");
            return null;
        }

        Mismatch(node, key, scalar, "a whole number", ScalarKind.Integer);
        return null;
    }

    public double? Number(YamlNode node, string key)
    {
        if (Scalar(node, key, "a number") is not { } scalar)
        {
            return null;
        }

        if (scalar.TryGetDouble(out var value))
        {
            return value;
        }

        Mismatch(node, key, scalar, "a number", ScalarKind.Float);
        return null;
    }

    public bool? Boolean(YamlNode node, string key)
    {
        if (Scalar(node, key, "true or false") is not { } scalar)
        {
            return null;
        }

        if (scalar.Kind == ScalarKind.Boolean)
        {
            return scalar.Boolean;
        }

        Mismatch(node, key, scalar, "true or false", ScalarKind.Boolean);
        return null;
    }

    /// <summary>An integer within [min, max]; the message names the bounds.</summary>
    public int? Integer(YamlNode node, string key, int min, int max = int.MaxValue)
    {
        if (Integer(node, key) is not { } value)
        {
            return null;
        }

        if (value >= min && value <= max)
        {
            return (int)value;
        }

        var bounds = max != int.MaxValue ? $"between {min} and {max}" : value > max ? $"at most {max}" : $"at least {min}";
        problems.Add(key, node, $"must be {bounds}, got {value.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    /// <summary>A finite number within [min, max]; the message names the bounds.</summary>
    public double? Number(YamlNode node, string key, double min, double max = double.MaxValue)
    {
        if (Number(node, key) is not { } value)
        {
            return null;
        }

        // Written so that NaN fails too.
        if (value >= min && value <= max)
        {
            return value;
        }

        var bounds = max == double.MaxValue ? $"at least {Format(min)}" : $"between {Format(min)} and {Format(max)}";
        problems.Add(key, node, $"must be {bounds}, got {((YamlScalarNode)node).Value}");
        return null;
    }

    public static string Describe(YamlNode node) =>
        node is YamlScalarNode scalar ? Describe(YamlScalar.Resolve(scalar)) : DescribeCollection(node);

    public static string Quote(string text) =>
        text.Length <= MaxQuotedLength ? $"\"{text}\"" : $"\"{text[..MaxQuotedLength]}…\"";

    private YamlScalar? Scalar(YamlNode node, string key, string expected)
    {
        if (node is YamlScalarNode scalar)
        {
            return YamlScalar.Resolve(scalar);
        }

        problems.Add(key, node, $"expected {expected}, got {DescribeCollection(node)}");
        return null;
    }

    private void Mismatch(YamlNode node, string key, YamlScalar scalar, string expected, ScalarKind wanted)
    {
        var plain = YamlScalar.KindOfPlain(scalar.Text);
        var wouldFit = plain == wanted || (wanted == ScalarKind.Float && plain == ScalarKind.Integer);
        var hint = (scalar.Kind, wouldFit) switch
        {
            (ScalarKind.String, true) => $" (write {scalar.Text} without quotes)",
            (ScalarKind.String, false) when wanted == ScalarKind.Boolean && IsYaml11Boolean(scalar.Text) =>
                " (YAML 1.2 reads yes/no/on/off as text; write true or false)",
            _ => string.Empty,
        };
        problems.Add(key, node, $"expected {expected}, got {Describe(scalar)}{hint}");
    }

    private static string Describe(YamlScalar scalar) => scalar.Kind switch
    {
        ScalarKind.String => $"the string {Quote(scalar.Text)}",
        ScalarKind.Boolean => $"the boolean {scalar.Text}",
        ScalarKind.Null => "nothing (null)",
        _ => $"the number {scalar.Text}",
    };

    private static string DescribeCollection(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "an unsupported YAML node",
    };

    private static bool IsYaml11Boolean(string text) =>
        text.ToUpperInvariant() is "YES" or "NO" or "ON" or "OFF" or "Y" or "N";

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
