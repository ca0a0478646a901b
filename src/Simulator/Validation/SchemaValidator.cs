using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace BatchInfer.Simulator.Validation;

/// <summary>A schema violation: where (a dotted path, which is the spec error's <c>param</c>) and what.</summary>
internal sealed record SchemaViolation(string Param, string Message)
{
    public override string ToString() => Param.Length == 0 ? Message : $"'{Param}': {Message}";
}

/// <summary>
/// Checks JSON against an OpenAPI schema: type (with nullable), enum, required, properties, additionalProperties,
/// items, string length and numeric bounds, allOf/anyOf/oneOf (oneOf leniently, as anyOf). Item counts are not
/// enforced: providers accept e.g. <c>"stop": []</c>, which users' configs contain. Below <c>depth</c> levels anything goes.
/// </summary>
internal static class SchemaValidator
{
    // Each access to a $ref schema resolves it through the document again, and the alternatives of a schema were a new
    // list on every value: resolving both once per schema makes a line ~10x cheaper.
    private static readonly ConcurrentDictionary<IOpenApiSchema, ResolvedSchema> Resolved = new(ReferenceEqualityComparer.Instance);

    public static SchemaViolation? Validate(IOpenApiSchema schema, JsonElement value, string path, int depth)
    {
        if (depth < 0)
        {
            return null;
        }
        var resolved = Resolved.GetOrAdd(schema, ResolvedSchema.Of);
        schema = resolved.Schema;
        foreach (var part in schema.AllOf ?? [])
        {
            if (Validate(part, value, path, depth) is { } violation)
            {
                return violation;
            }
        }
        if (resolved.Alternatives.Count > 0)
        {
            SchemaViolation? first = null;
            foreach (var alternative in resolved.Alternatives)
            {
                var violation = Validate(alternative, value, path, depth);
                if (violation is null)
                {
                    first = null;
                    break;
                }
                first ??= violation;
            }
            if (first is not null)
            {
                return first;
            }
        }
        return CheckType(schema, value, path)
            ?? CheckEnum(schema, value, path)
            ?? CheckBounds(schema, value, path)
            ?? (value.ValueKind == JsonValueKind.Object ? CheckObject(schema, value, path, depth) : null)
            ?? (value.ValueKind == JsonValueKind.Array && schema.Items is { } items ? CheckItems(items, value, path, depth) : null);
    }

    private static SchemaViolation? CheckType(IOpenApiSchema schema, JsonElement value, string path)
    {
        if (schema.Type is not { } type)
        {
            return null;
        }
        if (schema.UnrecognizedKeywords?.TryGetValue("nullable", out var nullable) == true && nullable?.GetValueKind() == JsonValueKind.True)
        {
            type |= JsonSchemaType.Null;
        }
        var ok = value.ValueKind switch
        {
            JsonValueKind.Null => type.HasFlag(JsonSchemaType.Null),
            JsonValueKind.String => type.HasFlag(JsonSchemaType.String),
            JsonValueKind.True or JsonValueKind.False => type.HasFlag(JsonSchemaType.Boolean),
            JsonValueKind.Object => type.HasFlag(JsonSchemaType.Object),
            JsonValueKind.Array => type.HasFlag(JsonSchemaType.Array),
            JsonValueKind.Number => type.HasFlag(JsonSchemaType.Number)
                || (type.HasFlag(JsonSchemaType.Integer) && value.TryGetInt64(out _)),
            _ => false,
        };
        return ok ? null : new SchemaViolation(path, $"expected {Describe(type)}, got {Describe(value.ValueKind)}");
    }

    private static SchemaViolation? CheckEnum(IOpenApiSchema schema, JsonElement value, string path)
    {
        if (schema.Enum is not { Count: > 0 } allowed || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        if (allowed.Any(n => string.Equals(EnumText(n), text, StringComparison.Ordinal)))
        {
            return null;
        }
        return new SchemaViolation(path, $"'{text}' is not one of {string.Join(", ", allowed.Select(n => $"'{EnumText(n)}'"))}");
    }

    private static string? EnumText(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();

    private static SchemaViolation? CheckBounds(IOpenApiSchema schema, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var length = value.GetString()!.Length;
            if (schema.MaxLength is { } max && length > max)
            {
                return new SchemaViolation(path, $"is {length} characters long, more than the maximum {max}");
            }
            if (schema.MinLength is { } min && length < min)
            {
                return new SchemaViolation(path, $"is {length} characters long, less than the minimum {min}");
            }
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            if (Decimal(schema.Maximum) is { } max && number > max)
            {
                return new SchemaViolation(path, $"{number} is above the maximum {max}");
            }
            if (Decimal(schema.Minimum) is { } min && number < min)
            {
                return new SchemaViolation(path, $"{number} is below the minimum {min}");
            }
        }
        return null;
    }

    private static SchemaViolation? CheckObject(IOpenApiSchema schema, JsonElement value, string path, int depth)
    {
        foreach (var name in schema.Required ?? new HashSet<string>())
        {
            if (!value.TryGetProperty(name, out _))
            {
                return new SchemaViolation(Join(path, name), "is required");
            }
        }
        foreach (var property in value.EnumerateObject())
        {
            var inner = schema.Properties?.TryGetValue(property.Name, out var known) == true ? known : schema.AdditionalProperties;
            if (inner is null && !schema.AdditionalPropertiesAllowed)
            {
                return new SchemaViolation(Join(path, property.Name), "is not a known parameter");
            }
            if (inner is not null && depth > 0 && Validate(inner, property.Value, Join(path, property.Name), depth - 1) is { } violation)
            {
                return violation;
            }
        }
        return null;
    }

    private static SchemaViolation? CheckItems(IOpenApiSchema items, JsonElement value, string path, int depth)
    {
        if (depth == 0)
        {
            return null;
        }
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Validate(items, item, $"{path}[{index++}]", depth - 1) is { } violation)
            {
                return violation;
            }
        }
        return null;
    }

    /// <summary>A schema with its $ref followed, and its anyOf and oneOf alternatives in one list.</summary>
    private sealed record ResolvedSchema(IOpenApiSchema Schema, IReadOnlyList<IOpenApiSchema> Alternatives)
    {
        public static ResolvedSchema Of(IOpenApiSchema schema)
        {
            var target = schema is OpenApiSchemaReference { Target: { } referenced } ? referenced : schema;
            return new ResolvedSchema(target, [.. target.AnyOf ?? [], .. target.OneOf ?? []]);
        }
    }

    private static decimal? Decimal(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Describe(JsonSchemaType type) =>
        string.Join(" or ", Enum.GetValues<JsonSchemaType>().Where(t => type.HasFlag(t)).Select(t => t switch
        {
            JsonSchemaType.Null => "null",
            JsonSchemaType.Boolean => "a boolean",
            JsonSchemaType.Integer => "an integer",
            JsonSchemaType.Number => "a number",
            JsonSchemaType.String => "a string",
            JsonSchemaType.Object => "an object",
            _ => "an array",
        }));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        _ => "a number",
    };
}
