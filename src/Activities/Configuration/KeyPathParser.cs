using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BatchInfer.Activities.Configuration;

/// <summary>Where one key of the file is: its section (<c>model</c>, or empty for the top level), its name, and where key and value start.</summary>
internal sealed record KeyPlace(string Parent, string Name, Mark Key, Mark? Value);

/// <summary>
/// Hands YamlDotNet's deserializer the events of the file one by one, noting on the way the dotted path of each
/// (<c>model.temperature</c>, <c>model.extra_body.stop[0]</c>) and where every mapping key and its value start:
/// the deserializer gives the values, this gives their places, for problems with a line and a column.
/// </summary>
internal sealed class KeyPathParser(IParser inner) : IParser
{
    private readonly Stack<Collection> _open = new();
    private readonly Dictionary<string, KeyPlace> _keys = new(StringComparer.Ordinal);

    public ParsingEvent? Current => inner.Current;

    /// <summary>The path of the node <see cref="Current"/> starts; the file itself is the empty path.</summary>
    public string CurrentPath { get; private set; } = string.Empty;

    /// <summary>Every scalar key of every mapping, by dotted path, in file order.</summary>
    public IReadOnlyDictionary<string, KeyPlace> Keys => _keys;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingEnd or SequenceEnd:
                CurrentPath = _open.Pop().Path;
                NodeDone();
                break;
            case NodeEvent node:
                CurrentPath = PathOf(node);
                if (node is MappingStart or SequenceStart)
                {
                    _open.Push(new Collection(CurrentPath, node is MappingStart));
                }
                else
                {
                    NodeDone();
                }

                break;
        }

        return true;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    private string PathOf(NodeEvent node)
    {
        if (!_open.TryPeek(out var parent))
        {
            return string.Empty;
        }

        if (!parent.IsMapping)
        {
            return $"{parent.Path}[{parent.Items}]";
        }

        if (parent.ExpectsKey)
        {
            // A key that is itself a mapping or a list has no name: what it holds is placed under the mapping.
            parent.KeyPath = parent.Path;
            if (node is Scalar { Value: var name })
            {
                parent.KeyPath = Join(parent.Path, name);
                _keys.TryAdd(parent.KeyPath, new KeyPlace(parent.Path, name, node.Start, null));
            }

            return parent.KeyPath;
        }

        if (_keys.TryGetValue(parent.KeyPath, out var place) && place.Value is null)
        {
            _keys[parent.KeyPath] = place with { Value = node.Start };
        }

        return parent.KeyPath;
    }

    // A mapping alternates key, value, key, ...; a list counts its items.
    private void NodeDone()
    {
        if (_open.TryPeek(out var parent))
        {
            if (parent.IsMapping)
            {
                parent.ExpectsKey = !parent.ExpectsKey;
            }
            else
            {
                parent.Items++;
            }
        }
    }

    private sealed class Collection(string path, bool isMapping)
    {
        public string Path { get; } = path;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectsKey { get; set; } = true;

        public int Items { get; set; }

        public string KeyPath { get; set; } = path;
    }
}
