using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence.Serialization;

/// <summary>Puts <see cref="TypedObjectConverter"/> on every member, list item and dictionary value declared as object.</summary>
internal sealed class StateContractResolver : DefaultContractResolver
{
    protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
    {
        var property = base.CreateProperty(member, memberSerialization);
        if (property.PropertyType == typeof(object))
        {
            property.Converter = TypedObjectConverter.Instance;
        }

        // Scope is declared IReadOnlyCollection<string> but always a List<string>, which is also what
        // Newtonsoft builds for it; skipping the $type saves ~110 bytes on every pointer.
        if (property.DeclaringType == typeof(ExecutionPointer) && property.UnderlyingName == nameof(ExecutionPointer.Scope))
        {
            property.TypeNameHandling = TypeNameHandling.None;
        }

        return property;
    }

    protected override JsonArrayContract CreateArrayContract(Type objectType)
    {
        var contract = base.CreateArrayContract(objectType);
        if (contract.CollectionItemType == typeof(object))
        {
            contract.ItemConverter = TypedObjectConverter.Instance;
        }

        return contract;
    }

    protected override JsonDictionaryContract CreateDictionaryContract(Type objectType)
    {
        var contract = base.CreateDictionaryContract(objectType);
        if (contract.DictionaryValueType == typeof(object))
        {
            contract.ItemConverter = TypedObjectConverter.Instance;
        }

        return contract;
    }
}
