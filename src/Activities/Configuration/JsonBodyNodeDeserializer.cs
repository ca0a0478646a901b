using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Reads <c>model.extra_body</c> (block or flow YAML) into the JSON object merged into every request body: scalars keep
/// the type YamlDotNet reads them as (unquoted true, 3, null stay JSON booleans, numbers, null; quoted ones stay strings).
/// </summary>
internal sealed class JsonBodyNodeDeserializer(KeyPathParser places, ProblemCollector problems, UnreadableValues unreadable) : INodeDeserializer
{
    // Aliases can make a tiny file expand enormously or refer to itself; stop long before that hurts.
    private const int MaxDepth = 32;
    private const int MaxNodes = 10_000;

    private int _nodes;
    private int _depth;
    private bool _tooLarge;

    public bool Deserialize(IParser parser, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
    {
        value = null;
        if ((expectedType != typeof(JsonObject) && expectedType != typeof(JsonNode)) || !parser.Accept<NodeEvent>(out var node))
        {
            return false;
        }

        if (_tooLarge || ++_nodes > MaxNodes || _depth >= MaxDepth)
        {
            TooLarge(places.CurrentPath, node.Start);
            parser.SkipThisAndNestedEvents();
            return true;
        }

        if (expectedType == typeof(JsonObject) && node is not MappingStart)
        {
            if (node is Scalar scalar && YamlValue.Of(scalar) is null)
            {
                return false;
            }

            return unreadable.Refuse(parser, node,
                $"expected a mapping of extra request fields such as {{ \"stop\": [] }}, got {YamlValue.Describe(node)}");
        }

        value = node switch
        {
            MappingStart => Mapping(parser, nestedObjectDeserializer),
            SequenceStart => Sequence(parser, nestedObjectDeserializer),
            _ => Scalar(places.CurrentPath, parser.Consume<Scalar>()),
        };
        return true;
    }

    private JsonObject Mapping(IParser parser, Func<IParser, Type, object?> nested)
    {
        var result = new JsonObject();
        parser.Consume<MappingStart>();
        _depth++;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var key))
            {
                problems.Add(places.CurrentPath, parser.Current!.Start, $"a key must be a plain name, got {YamlValue.Describe(parser.Current)}");
                parser.SkipThisAndNestedEvents();
                parser.SkipThisAndNestedEvents();
                continue;
            }

            if (result.ContainsKey(key.Value))
            {
                throw new YamlException(key.Start, key.End, $"Encountered duplicate key {key.Value}");
            }

            result[key.Value] = Child(parser, nested);
        }

        _depth--;
        return result;
    }

    private JsonArray Sequence(IParser parser, Func<IParser, Type, object?> nested)
    {
        var result = new JsonArray();
        parser.Consume<SequenceStart>();
        _depth++;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            result.Add(Child(parser, nested));
        }

        _depth--;
        return result;
    }

    private JsonNode? Child(IParser parser, Func<IParser, Type, object?> nested)
    {
        var (path, at) = (places.CurrentPath, parser.Current!.Start);
        switch (nested(parser, typeof(JsonNode)))
        {
            case IValuePromise:
                // An alias to a node that is still being read: it contains itself.
                TooLarge(path, at);
                return null;
            case JsonNode { Parent: not null } aliased:
                // An alias gives the node it names again; JSON needs a copy of its own, which counts as much.
                _nodes += Size(aliased);
                if (_nodes > MaxNodes)
                {
                    TooLarge(path, at);
                    return null;
                }

                return aliased.DeepClone();
            case var other:
                return other as JsonNode;
        }
    }

    private JsonValue? Scalar(string path, Scalar scalar)
    {
        var read = YamlValue.Of(scalar);
        switch (read)
        {
            case null:
                return null;
            case bool flag:
                return JsonValue.Create(flag);
            case string text:
                return JsonValue.Create(text);
        }

        if (YamlValue.IsWhole(read) && YamlValue.ToInt64(read) is { } whole)
        {
            return JsonValue.Create(whole);
        }

        if (YamlValue.IsWhole(read) || YamlValue.IsTooLargeWhole(scalar, read))
        {
            problems.Add(path, scalar.Start, $"{scalar.Value} is too large for a JSON whole number");
            return null;
        }

        var number = YamlValue.ToDouble(scalar, read!);
        if (double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        problems.Add(path, scalar.Start, $"JSON has no number {scalar.Value} (infinity and NaN cannot be sent)");
        return null;
    }

    private void TooLarge(string path, Mark at)
    {
        if (!_tooLarge)
        {
            problems.Add(path, at, "is nested too deeply or expands to too many values (an alias that refers to itself?)");
            _tooLarge = true;
        }
    }

    private static int Size(JsonNode? node) => node switch
    {
        JsonObject map => 1 + map.Sum(p => Size(p.Value)),
        JsonArray list => 1 + list.Sum(Size),
        _ => 1,
    };
}
