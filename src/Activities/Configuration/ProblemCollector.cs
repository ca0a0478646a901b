using YamlDotNet.Core;

namespace BatchInfer.Activities.Configuration;

/// <summary>Gathers every problem of one config source so that they can all be reported at once.</summary>
internal sealed class ProblemCollector(string sourceName)
{
    // Anything shorter would also match ordinary words in our own messages and garble them.
    private const int MinimumRedactedLength = 4;

    private readonly List<ConfigProblem> _problems = [];

    public int Count => _problems.Count;

    public void Add(string key, string message) =>
        _problems.Add(new ConfigProblem(key, null, null, message) { Source = sourceName });

    public void Add(string key, Mark at, string message) =>
        _problems.Add(new ConfigProblem(key, ToInt(at.Line), ToInt(at.Column), message) { Source = sourceName });

    public void Add(ConfigProblem problem, Mark? at) =>
        _problems.Add(problem with { Line = at is { } l ? ToInt(l.Line) : null, Column = at is { } c ? ToInt(c.Column) : null, Source = sourceName });

    /// <summary>Forgets what was collected: a file that turns out not to be YAML has that one problem only.</summary>
    public void Clear() => _problems.Clear();

    /// <summary>The problems in file order, with any secret replaced by <c>***</c>.</summary>
    public IReadOnlyList<ConfigProblem> ToRedactedList(IEnumerable<string?> secrets) =>
        Redact(_problems.OrderBy(p => p.Line ?? int.MaxValue).ThenBy(p => p.Column ?? int.MaxValue), secrets);

    /// <summary>
    /// Messages are written never to quote the password; this is the safety net in case a user pasted it
    /// somewhere that then gets quoted (a key name, another value).
    /// </summary>
    public static IReadOnlyList<ConfigProblem> Redact(IEnumerable<ConfigProblem> problems, IEnumerable<string?> secrets)
    {
        var redact = secrets
            .Where(s => s is { Length: >= MinimumRedactedLength })
            .Select(s => s!)
            .ToList();
        return problems
            .Select(p => redact.Count == 0 ? p : p with { Key = Redact(p.Key, redact), Message = Redact(p.Message, redact) })
            .ToList();
    }

    private static string Redact(string text, List<string> secrets) =>
        secrets.Aggregate(text, (current, secret) => current.Replace(secret, "***", StringComparison.Ordinal));

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
