using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Activities.Configuration;

internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>
/// A scalar typed by the YAML 1.2 core schema: plain scalars may be null, booleans or numbers,
/// quoted and block scalars are always strings (so <c>"0.6"</c> is text, as YAML says).
/// </summary>
internal readonly partial record struct YamlScalar(ScalarKind Kind, string Text, bool Quoted)
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    public static YamlScalar Resolve(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        var quoted = node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
        if (node.Tag.IsEmpty)
        {
            var kind = node.Style is ScalarStyle.Plain or ScalarStyle.Any ? KindOfPlain(text) : ScalarKind.String;
            return new YamlScalar(kind, text, quoted);
        }

        // An explicit core tag (!!int "5") asks for that type; anything else (!!str, !, custom tags) is text.
        var tagged = node.Tag.Value switch
        {
            CoreTagPrefix + "null" => ScalarKind.Null,
            CoreTagPrefix + "bool" => ScalarKind.Boolean,
            CoreTagPrefix + "int" => ScalarKind.Integer,
            CoreTagPrefix + "float" => ScalarKind.Float,
            _ => ScalarKind.String,
        };
        var actual = KindOfPlain(text);
        var matches = tagged == actual || (tagged == ScalarKind.Float && actual == ScalarKind.Integer);
        return new YamlScalar(matches ? tagged : ScalarKind.String, text, quoted);
    }

    /// <summary>What the text would be as a plain (unquoted) scalar.</summary>
    public static ScalarKind KindOfPlain(string text)
    {
        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Boolean;
        }

        if (IntegerPattern().IsMatch(text))
        {
            return ScalarKind.Integer;
        }

        return FloatPattern().IsMatch(text) ? ScalarKind.Float : ScalarKind.String;
    }

    public bool Boolean => Kind == ScalarKind.Boolean && Text[0] is 't' or 'T';

    /// <summary>False when the scalar is not an integer or does not fit in 64 bits.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (Kind != ScalarKind.Integer)
        {
            return false;
        }

        if (Text.StartsWith("0x", StringComparison.Ordinal))
        {
            if (!ulong.TryParse(Text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                || hex > long.MaxValue)
            {
                return false;
            }

            value = (long)hex;
            return true;
        }

        if (Text.StartsWith("0o", StringComparison.Ordinal))
        {
            return TryParseOctal(Text.AsSpan(2), out value);
        }

        return long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Integers and floats, including the YAML spellings of infinity and NaN.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        if (Kind == ScalarKind.Integer)
        {
            if (TryGetInt64(out var whole))
            {
                value = whole;
                return true;
            }

            return double.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        if (Kind != ScalarKind.Float)
        {
            return false;
        }

        var unsigned = Text.TrimStart('+', '-');
        var negative = Text.StartsWith('-');
        if (unsigned is ".inf" or ".Inf" or ".INF")
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (unsigned is ".nan" or ".NaN" or ".NAN")
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseOctal(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (value > (long.MaxValue >> 3))
            {
                return false;
            }

            value = (value << 3) + (digit - '0');
        }

        return true;
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
