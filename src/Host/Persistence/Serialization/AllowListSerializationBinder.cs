using System.Collections.Concurrent;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence.Serialization;

/// <summary>
/// Only these types may be named by a persisted <c>$type</c>: our own (assemblies BatchInfer.*),
/// WorkflowCore's models, a few primitives, and List/Dictionary/arrays of allowed types. Anything
/// else is refused before its assembly is loaded, so a tampered state file cannot instantiate gadgets.
/// </summary>
internal sealed class AllowListSerializationBinder : ISerializationBinder
{
    public static readonly AllowListSerializationBinder Instance = new();

    private const string OwnAssemblyPrefix = "BatchInfer.";

    private static readonly Assembly WorkflowCoreAssembly = typeof(WorkflowInstance).Assembly;

    // Assemblies a name may point into; the resolved type is then checked on its own.
    private static readonly HashSet<string> FrameworkAssemblies =
        new(StringComparer.Ordinal) { "System.Private.CoreLib", "mscorlib", "netstandard", "System.Runtime", "System.Collections" };

    private static readonly HashSet<Type> Scalars =
    [
        typeof(string), typeof(bool), typeof(char), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort),
        typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal),
        typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
    ];

    // Resolving a name loads assemblies and checks every type it names: done once per name and per type.
    private static readonly ConcurrentDictionary<string, Type> Resolved = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, bool> Checked = new();

    public Type BindToType(string? assemblyName, string typeName) =>
        Resolve(assemblyName is null ? typeName : $"{typeName}, {assemblyName}");

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        ArgumentNullException.ThrowIfNull(serializedType);
        if (!Checked.GetOrAdd(serializedType, IsAllowed))
        {
            throw Refused(serializedType.FullName ?? serializedType.Name);
        }

        assemblyName = serializedType.Assembly.FullName;
        typeName = serializedType.FullName;
    }

    /// <summary>Resolves an assembly-qualified name, refusing it unless every type it names is allowed.</summary>
    public static Type Resolve(string qualifiedName) => Resolved.GetOrAdd(qualifiedName, ResolveUncached);

    private static Type ResolveUncached(string qualifiedName)
    {
        var type = Type.GetType(
            qualifiedName,
            name => IsAllowedAssembly(name.Name) ? Assembly.Load(name) : throw Refused(qualifiedName),
            typeResolver: null,
            throwOnError: false);
        if (type is null)
        {
            throw new JsonSerializationException(
                $"Persisted type '{qualifiedName}' cannot be found; the state was written by a different build.");
        }

        return IsAllowed(type) ? type : throw Refused(qualifiedName);
    }

    public static bool IsAllowed(Type type)
    {
        if (type.IsArray)
        {
            return IsAllowedElement(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            var definition = type.GetGenericTypeDefinition();
            var container = definition == typeof(List<>) || definition == typeof(Dictionary<,>)
                || definition == typeof(Nullable<>) || IsOwnOrModel(definition);
            return container && type.GetGenericArguments().All(IsAllowedElement);
        }

        return Scalars.Contains(type) || IsOwnOrModel(type);
    }

    // object is fine as an element type: each element then carries its own $type, which is checked.
    private static bool IsAllowedElement(Type type) => type == typeof(object) || IsAllowed(type);

    private static bool IsOwnOrModel(Type type) =>
        IsOwnAssembly(type.Assembly.GetName().Name)
        || (type.Assembly == WorkflowCoreAssembly && type.Namespace is { } ns
            && (ns == "WorkflowCore.Models" || ns.StartsWith("WorkflowCore.Models.", StringComparison.Ordinal)));

    private static bool IsOwnAssembly(string? name) =>
        name is not null && name.StartsWith(OwnAssemblyPrefix, StringComparison.Ordinal);

    private static bool IsAllowedAssembly(string? name) =>
        IsOwnAssembly(name) || name == WorkflowCoreAssembly.GetName().Name
        || (name is not null && FrameworkAssemblies.Contains(name));

    private static JsonSerializationException Refused(string typeName) => new(
        $"Type '{typeName}' is not allowed in persisted workflow state: only BatchInfer types, WorkflowCore models, "
        + "primitives (string, numbers, bool, DateTime, DateTimeOffset, TimeSpan, Guid, decimal) and List, Dictionary "
        + "or arrays of them may be stored.");
}
