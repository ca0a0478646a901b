using System.Text;

namespace BatchInfer.Activities.Workflows;

/// <summary>
/// Splits a run-command step's command into the program and its arguments as a POSIX shell would split words: blanks
/// separate, 'single quotes' keep everything, "double quotes" keep blanks and honour \" and \\, a backslash outside
/// quotes escapes the next character. Nothing else of a shell (no variables, globs, pipes): the program is run directly.
/// </summary>
public static class CommandWords
{
    /// <returns>the words, or null with <paramref name="problem"/> saying what is wrong</returns>
    public static IReadOnlyList<string>? Split(string command, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote == '\'')
            {
                if (c == '\'') { quote = null; } else { word.Append(c); }
            }
            else if (quote == '"')
            {
                if (c == '"') { quote = null; }
                else if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\') { word.Append(command[++i]); }
                else { word.Append(c); }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"') { quote = c; }
                else if (c == '\\')
                {
                    if (i + 1 == command.Length) { problem = "ends with a lone backslash"; return null; }
                    word.Append(command[++i]);
                }
                else { word.Append(c); }
            }
        }
        if (quote is { } open)
        {
            problem = $"a {open} quote is not closed";
            return null;
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        problem = words.Count == 0 ? "is empty: expected a program and its arguments" : null;
        return problem is null ? words : null;
    }
}
