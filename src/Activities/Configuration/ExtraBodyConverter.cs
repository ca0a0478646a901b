using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Turns <c>model.extra_body</c> (block or flow YAML) into the JSON object merged into every request body,
/// typing plain scalars by the YAML 1.2 core schema and keeping quoted scalars as strings.
/// </summary>
internal sealed class ExtraBodyConverter(ProblemCollector problems)
{
    // Aliases can make a tiny file expand enormously or refer to itself; stop long before that hurts.
    private const int MaxDepth = 32;
    private const int MaxNodes = 10_000;

    private static readonly Dictionary<string, string> s_reservedKeys = new(StringComparer.Ordinal)
    {
        ["model"] = "is set by the tool from model.domain; remove it from extra_body",
        ["messages"] = "is set by the tool from each input line (model.messages_key); remove it from extra_body",
    };

    private int _nodes;
    private bool _tooLarge;

    public JsonObject Convert(YamlNode? node, string key)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlMappingNode mapping)
        {
            problems.Add(key, node, $"expected a mapping of extra request fields such as {{ \"stop\": [] }}, got {ScalarReader.Describe(node)}");
            return [];
        }

        foreach (var child in mapping.Children.Keys.OfType<YamlScalarNode>())
        {
            if (child.Value is { } name && s_reservedKeys.TryGetValue(name, out var reason))
            {
                problems.Add($"{key}.{name}", child, reason);
            }
        }

        return Object(mapping, key, depth: 1);
    }

    private JsonNode? Node(YamlNode node, string path, int depth)
    {
        if (++_nodes > MaxNodes || depth > MaxDepth)
        {
            if (!_tooLarge)
            {
                problems.Add(path, node, "is nested too deeply or expands to too many values (an alias that refers to itself?)");
                _tooLarge = true;
            }

            return null;
        }

        return node switch
        {
            YamlMappingNode mapping => Object(mapping, path, depth),
            YamlSequenceNode sequence => Array(sequence, path, depth),
            YamlScalarNode scalar => Scalar(scalar, path),
            _ => Unsupported(node, path),
        };
    }

    private JsonObject Object(YamlMappingNode mapping, string path, int depth)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                problems.Add(path, key, $"a key must be a plain name, got {ScalarReader.Describe(key)}");
                continue;
            }

            result[name] = Node(value, $"{path}.{name}", depth + 1);
        }

        return result;
    }

    private JsonArray Array(YamlSequenceNode sequence, string path, int depth)
    {
        var result = new JsonArray();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            result.Add(Node(item, $"{path}[{index++}]", depth + 1));
        }

        return result;
    }

    private JsonValue? Scalar(YamlScalarNode node, string path)
    {
        var scalar = YamlScalar.Resolve(node);
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                return null;
            case ScalarKind.Boolean:
                return JsonValue.Create(scalar.Boolean);
            case ScalarKind.Integer when scalar.TryGetInt64(out var whole):
                return JsonValue.Create(whole);
            case ScalarKind.Integer:
                problems.Add(path, node, $"{scalar.Text} is too large for a JSON whole number");
                return null;
            case ScalarKind.Float when scalar.TryGetDouble(out var number) && double.IsFinite(number):
                return JsonValue.Create(number);
            case ScalarKind.Float:
                problems.Add(path, node, $"JSON has no number {scalar.Text} (infinity and NaN cannot be sent)");
                return null;
            default:
                return JsonValue.Create(scalar.Text);
        }
    }

    private JsonNode? Unsupported(YamlNode node, string path)
    {
        problems.Add(path, node, "is a YAML node that cannot be turned into JSON");
        return null;
    }
}
