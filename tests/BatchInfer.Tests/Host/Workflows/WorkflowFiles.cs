using System.Text.RegularExpressions;

namespace BatchInfer.Tests.Host.Workflows;

/// <summary>Pipeline definition files for tests: the shipped workflows/batch-pipeline.yaml with some parameters changed.</summary>
internal static partial class WorkflowFiles
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "workflows", "batch-pipeline.yaml");

    /// <summary>Writes <paramref name="name"/> into <paramref name="directory"/>: the shipped file with each "key: value" line given replaced.</summary>
    public static string Write(string directory, string name, params (string Key, string Value)[] parameters)
    {
        var yaml = File.ReadAllText(Shipped);
        foreach (var (key, value) in parameters)
        {
            var line = new Regex($@"^(\s*{Regex.Escape(key)}:)[^#\n]*", RegexOptions.Multiline);
            Assert.True(line.IsMatch(yaml), $"the shipped definition has no parameter {key}");
            yaml = line.Replace(yaml, $"$1 {value}   ", 1);
        }
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>Writes the shipped file with optional steps: each line given (<c>- approve</c>) right after the fixed step it follows.</summary>
    public static string WriteWithSteps(string directory, string name, params (string After, string Step)[] steps)
    {
        var yaml = File.ReadAllText(Shipped);
        foreach (var (after, step) in steps)
        {
            var line = new Regex($@"^(\s*)- {Regex.Escape(after)}\b.*$", RegexOptions.Multiline);
            Assert.True(line.IsMatch(yaml), $"the shipped definition has no step {after}");
            yaml = line.Replace(yaml, m => $"{m.Value}\n{m.Groups[1].Value}- {step}", 1);
        }
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
