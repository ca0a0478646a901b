namespace BatchInfer.Activities.Configuration;

/// <summary>One thing wrong with a configuration: which key, where (for a file), and what was expected.</summary>
/// <param name="Key">Dotted key path such as <c>model.temperature</c>; empty for problems with the whole file.</param>
/// <param name="Line">1-based line, when the problem has a place in the file.</param>
/// <param name="Column">1-based column, when the problem has a place in the file.</param>
public sealed record ConfigProblem(string Key, int? Line, int? Column, string Message)
{
    private const int MaxQuotedLength = 60;

    /// <summary>The file (or other source) the problem was found in, e.g. <c>config.yaml</c>.</summary>
    public string? Source { get; init; }

    /// <summary>What the problem is about, so that a file's loader can point at the key or at its value.</summary>
    public ConfigProblemKind Kind { get; init; }

    /// <summary>Compiler-style text: <c>config.yaml:7:16: model.temperature: expected a number, …</c>.</summary>
    public override string ToString()
    {
        var where = Source ?? string.Empty;
        if (Line is { } line)
        {
            where += Column is { } column ? $":{line}:{column}" : $":{line}";
        }

        var parts = new List<string>(3);
        if (where.Length > 0)
        {
            parts.Add(where);
        }

        if (Key.Length > 0)
        {
            parts.Add(Key);
        }

        parts.Add(Message);
        return string.Join(": ", parts);
    }

    /// <summary>A value as messages quote it: in double quotes, long ones cut short.</summary>
    internal static string Quote(string text) =>
        text.Length <= MaxQuotedLength ? $"\"{text}\"" : $"\"{text[..MaxQuotedLength]}…\"";
}
