using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence.Serialization;

/// <summary>JSON for the engine's object-typed state: workflow data, pointers, event and subscription data.</summary>
internal static class WorkflowStateSerializer
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.Auto,
        TypeNameAssemblyFormatHandling = TypeNameAssemblyFormatHandling.Simple,
        SerializationBinder = AllowListSerializationBinder.Instance,
        ContractResolver = new StateContractResolver(),
        DateParseHandling = DateParseHandling.None,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        // Replace: a default the constructor put in (an empty list) must not absorb what was stored.
        ObjectCreationHandling = ObjectCreationHandling.Replace,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    });

    public static string? SerializeObject(object? value) =>
        value is null ? null : Write(writer => TypedObjectConverter.Instance.WriteJson(writer, value, Serializer));

    public static object? DeserializeObject(string? json) =>
        json is null ? null : Read(reader => TypedObjectConverter.Instance.ReadJson(reader, typeof(object), null, Serializer), json);

    public static string SerializePointers(ExecutionPointerCollection pointers) =>
        Write(writer => Serializer.Serialize(writer, pointers.ToList(), typeof(List<ExecutionPointer>)));

    public static ExecutionPointerCollection DeserializePointers(string json) =>
        new(Read(reader => Serializer.Deserialize<List<ExecutionPointer>>(reader), json) ?? []);

    private static string Write(Action<JsonWriter> write)
    {
        var builder = new StringBuilder();
        using (var writer = new JsonTextWriter(new StringWriter(builder, CultureInfo.InvariantCulture)))
        {
            write(writer);
        }

        return builder.ToString();
    }

    private static T Read<T>(Func<JsonReader, T> read, string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
        };
        reader.Read();
        return read(reader);
    }
}
