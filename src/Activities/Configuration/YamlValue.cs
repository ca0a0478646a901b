using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.Utilities;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// What a scalar is, as YamlDotNet's own deserializer reads it when nothing says which type to expect
/// (null, a boolean, a whole or fractional number, or text), for type checks and for messages.
/// </summary>
internal static class YamlValue
{
    private static readonly IValueDeserializer Untyped =
        new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().BuildValueDeserializer();

    /// <summary>Null, a bool, an integral number, a float or double, or the text.</summary>
    public static object? Of(Scalar scalar)
    {
        // Quoted and block scalars are text, as YAML says; YamlDotNet would read a literal block "5" as a number.
        if (scalar.IsQuotedImplicit)
        {
            return scalar.Value;
        }

        try
        {
            using var state = new SerializerState();
            return Untyped.DeserializeValue(new OneScalarParser(scalar), typeof(object), state, Untyped);
        }
        catch (YamlException)
        {
            // A tag YamlDotNet cannot resolve: the value is taken as the text it is.
            return scalar.Value;
        }
    }

    /// <summary>What the same text would be without its quotes, for the "write 0.6 without quotes" hint.</summary>
    public static object? Unquoted(Scalar scalar) =>
        Of(new Scalar(AnchorName.Empty, TagName.Empty, scalar.Value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    public static bool IsWhole(object? value) => value is byte or sbyte or short or ushort or int or uint or long or ulong;

    public static bool IsFractional(object? value) => value is float or double;

    /// <summary>
    /// A whole number too large for 64 bits, which YamlDotNet reads as a float instead:
    /// digits only, so the text says it was meant whole.
    /// </summary>
    public static bool IsTooLargeWhole(Scalar scalar, object? value) =>
        IsFractional(value) && scalar.Value.TrimStart('+', '-') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit);

    /// <summary>A whole value as 64 bits, or null when it does not fit (a ulong above long.MaxValue).</summary>
    public static long? ToInt64(object value) =>
        value is ulong big && big > long.MaxValue ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>
    /// A number as a double. YamlDotNet's untyped read narrows finite fractions to float, losing digits
    /// (0.6 would become 0.60000002); the text is parsed again at full precision.
    /// </summary>
    public static double ToDouble(Scalar scalar, object value) =>
        value is float single && float.IsFinite(single) && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var precise)
            ? precise
            : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>"the string \"abc\"", "the number 1.5", "a list", … for "expected …, got …".</summary>
    public static string Describe(ParsingEvent node) => node switch
    {
        MappingStart => "a mapping",
        SequenceStart => "a list",
        Scalar scalar => Of(scalar) switch
        {
            null => "nothing (null)",
            bool => $"the boolean {scalar.Value}",
            string => $"the string {ConfigProblem.Quote(scalar.Value)}",
            _ => $"the number {scalar.Value}",
        },
        _ => "an alias",
    };

    /// <summary>Hands one scalar to a value deserializer, which reads from a parser.</summary>
    private sealed class OneScalarParser(Scalar scalar) : IParser
    {
        public ParsingEvent? Current { get; private set; } = scalar;

        public bool MoveNext()
        {
            Current = null;
            return false;
        }
    }
}
