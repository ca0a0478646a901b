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
        // A quoted empty string ('') is a word too, so a word is under way from its first character, quote or not.
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            var next = i + 1 < command.Length ? command[i + 1] : (char?)null;
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    // Inside double quotes a backslash escapes only a double quote or a backslash, as in a shell.
                    var escaped = quote == '"' && c == '\\' && next is '"' or '\\';
                    word.Append(escaped ? command[++i] : c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c == '\\' && next is null)
            {
                problem = "ends with a lone backslash";
                return null;
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else
                {
                    word.Append(c == '\\' ? command[++i] : c);
                }
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
