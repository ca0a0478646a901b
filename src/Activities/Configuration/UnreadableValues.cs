using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// The values of the file that could not be read. Each is reported where it stands and left out, and reading goes on;
/// the validator's view of the default that takes its place is then no news.
/// </summary>
internal sealed class UnreadableValues(KeyPathParser places, ProblemCollector problems)
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    /// <summary>True when the file itself could not be read (it is not a mapping).</summary>
    public bool IsDocument => _paths.Contains(string.Empty);

    /// <summary>Reports the node the parser stands on, at the current path, and skips it with all it holds.</summary>
    /// <returns>True, for a node deserializer to return: the node is dealt with.</returns>
    public bool Refuse(IParser parser, NodeEvent node, string message)
    {
        problems.Add(places.CurrentPath, node.Start, message);
        _paths.Add(places.CurrentPath);
        parser.SkipThisAndNestedEvents();
        return true;
    }

    /// <summary>True when the value at <paramref name="key"/>, or the section holding it, could not be read: that is reported already.</summary>
    public bool Contains(string key) =>
        _paths.Any(u => u.Length == 0 || key == u || key.StartsWith(u + ".", StringComparison.Ordinal));
}
