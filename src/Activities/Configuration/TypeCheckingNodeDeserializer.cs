using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Runs before YamlDotNet's own node deserializers for the keys of <see cref="ConfigDocument"/>: a value of the wrong
/// type or shape (a list for a number, a quoted "0.6" for a number) becomes a problem at its line and column instead of
/// an exception, the key is left out, and reading goes on, so that every problem of the file is reported at once.
/// </summary>
internal sealed class TypeCheckingNodeDeserializer(UnreadableValues unreadable) : INodeDeserializer
{
    private static readonly Dictionary<Type, string> s_expected = new()
    {
        [typeof(ConfigDocument)] = "the file to be a mapping of keys (model:, test_lines:, ...)",
        [typeof(ModelSection)] = "a mapping of model settings (domain:, password:, max_tokens:, ...)",
        [typeof(string)] = "text",
        [typeof(int)] = "a whole number",
        [typeof(double)] = "a number",
        [typeof(bool)] = "true or false",
    };

    public bool Deserialize(IParser parser, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
    {
        value = null;
        var type = Nullable.GetUnderlyingType(expectedType) ?? expectedType;
        if (!s_expected.TryGetValue(type, out var expected) || !parser.Accept<NodeEvent>(out var node))
        {
            return false;
        }

        var isSection = type == typeof(ConfigDocument) || type == typeof(ModelSection);
        var scalar = node as Scalar;
        var read = scalar is null ? null : YamlValue.Of(scalar);
        // Left to YamlDotNet: an empty value (its null, so the key counts as not given), a section's mapping, any scalar as text.
        if ((scalar is not null && read is null) || (node is MappingStart && isSection) || (scalar is not null && type == typeof(string)))
        {
            return false;
        }

        if (scalar is null || isSection)
        {
            return unreadable.Refuse(parser, node, $"expected {expected}, got {YamlValue.Describe(node)}");
        }

        if (TryConvert(type, scalar, read!, out value, out var rangeProblem))
        {
            parser.MoveNext();
            return true;
        }

        return unreadable.Refuse(parser, node, rangeProblem ?? $"expected {expected}, got {YamlValue.Describe(node)}{Hint(type, scalar)}");
    }

    private static bool TryConvert(Type type, Scalar scalar, object read, out object? value, out string? rangeProblem)
    {
        value = null;
        rangeProblem = null;
        if (type == typeof(bool))
        {
            value = read as bool?;
        }
        else if (type == typeof(double) && (YamlValue.IsWhole(read) || YamlValue.IsFractional(read)))
        {
            value = YamlValue.ToDouble(scalar, read);
        }
        else if (type == typeof(int) && YamlValue.IsWhole(read))
        {
            value = ToInt32(scalar, read, out rangeProblem);
        }
        else if (type == typeof(int) && YamlValue.IsTooLargeWhole(scalar, read))
        {
            rangeProblem = $"{scalar.Value} is too large";
        }

        return value is not null;
    }

    private static int? ToInt32(Scalar scalar, object read, out string? rangeProblem)
    {
        rangeProblem = null;
        if (YamlValue.ToInt64(read) is not { } whole)
        {
            rangeProblem = $"{scalar.Value} is too large";
            return null;
        }

        if (whole is >= int.MinValue and <= int.MaxValue)
        {
            return (int)whole;
        }

        var bound = whole > int.MaxValue ? $"at most {int.MaxValue}" : $"at least {int.MinValue}";
        rangeProblem = $"must be {bound}, got {whole.ToString(CultureInfo.InvariantCulture)}";
        return null;
    }

    private static string Hint(Type type, Scalar scalar)
    {
        if (scalar.IsQuotedImplicit && TryConvert(type, scalar, YamlValue.Unquoted(scalar) ?? string.Empty, out _, out _))
        {
            return $" (write {scalar.Value} without quotes)";
        }

        // YAML 1.1 read these words as booleans; YAML 1.2, and so YamlDotNet's untyped read, takes them as text.
        var yaml11Boolean = type == typeof(bool) && scalar.Value.ToUpperInvariant() is "YES" or "NO" or "ON" or "OFF" or "Y" or "N";
        return yaml11Boolean ? " (YAML 1.2 reads yes/no/on/off as text; write true or false)" : string.Empty;
    }
}
