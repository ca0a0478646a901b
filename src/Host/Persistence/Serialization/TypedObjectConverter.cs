using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace BatchInfer.Host.Persistence.Serialization;

/// <summary>
/// Handles every slot declared as <c>object</c>. Newtonsoft never writes a type for a primitive, so an
/// int would come back as a long, a Guid or DateTime as a string, an enum as a number; such values are
/// written as <c>{"$type": …, "$value": …}</c> and read back as exactly what was stored.
/// </summary>
internal sealed class TypedObjectConverter : JsonConverter
{
    public static readonly TypedObjectConverter Instance = new();

    private const string TypeKey = "$type";
    private const string ValueKey = "$value";

    public override bool CanConvert(Type objectType) => objectType == typeof(object);

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        if (!NeedsWrapper(value, serializer))
        {
            // Declared as object, so Auto type-name handling writes $type for anything but a primitive.
            serializer.Serialize(writer, value, typeof(object));
            return;
        }

        var type = value.GetType();
        AllowListSerializationBinder.Instance.BindToName(type, out _, out _);
        writer.WriteStartObject();
        writer.WritePropertyName(TypeKey);
        writer.WriteValue($"{type.FullName}, {type.Assembly.GetName().Name}");
        writer.WritePropertyName(ValueKey);
        if (value is decimal number)
        {
            // As a string: a JSON number would pass through double on the way back and lose digits.
            writer.WriteValue(number.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            serializer.Serialize(writer, value);
        }

        writer.WriteEndObject();
    }

    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return null;
        }

        var token = JToken.ReadFrom(reader);
        if (token is JObject { Count: 2 } wrapper
            && wrapper[TypeKey] is JValue { Value: string typeName }
            && wrapper[ValueKey] is { } inner)
        {
            return inner.ToObject(AllowListSerializationBinder.Resolve(typeName), serializer);
        }

        return token.ToObject<object>(serializer);
    }

    // Anything Newtonsoft writes as a bare JSON scalar loses its type, except the four types a bare
    // scalar reads back as; those are wrapped, which also puts them through the binder's allow-list.
    private static bool NeedsWrapper(object value, JsonSerializer serializer) => value switch
    {
        string or bool or long => false,
        double d => !double.IsFinite(d),
        _ => serializer.ContractResolver.ResolveContract(value.GetType()) is JsonPrimitiveContract or JsonStringContract,
    };
}
