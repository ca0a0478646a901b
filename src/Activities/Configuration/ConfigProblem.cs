namespace BatchInfer.Activities.Configuration;

/// <summary>One thing wrong with a config file: which key, where, and what was expected.</summary>
/// <param name="Key">Dotted key path such as <c>model.temperature</c>; empty for problems with the whole file.</param>
/// <param name="Line">1-based line, when the problem has a place in the file.</param>
/// <param name="Column">1-based column, when the problem has a place in the file.</param>
public sealed record ConfigProblem(string Key, int? Line, int? Column, string Message)
{
    /// <summary>The file (or other source) the problem was found in, e.g. <c>config.yaml</c>.</summary>
    public string? Source { get; init; }

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
}
