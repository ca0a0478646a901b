using System.Globalization;
using System.Security;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Loads config.yaml into a <see cref="BatchInferConfig"/>, collecting every problem (key, line, column,
/// what was expected) instead of stopping at the first: YamlDotNet reads the file, <see cref="BatchInferConfigValidator"/>
/// judges the result, as it judges every configuration. Bad input never throws.
/// </summary>
public static class ConfigLoader
{
    /// <summary>When set and not blank, its value replaces <c>model.password</c>; the caller reads it and passes it to Load.</summary>
    public const string PasswordEnvironmentVariable = "BATCH_INFER_PASSWORD";

    // A config file is a few hundred bytes; anything this large is almost surely the wrong file (an input .jsonl).
    private const long MaxFileBytes = 1024 * 1024;

    public static ConfigLoadResult Load(string path, string? passwordOverride)
    {
        var problems = new ProblemCollector(string.IsNullOrEmpty(path) ? "config" : path);
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add(string.Empty, "no config file name was given");
            return Failed(problems, passwordOverride);
        }

        if (Directory.Exists(path))
        {
            problems.Add(string.Empty, "is a directory, not a config file");
            return Failed(problems, passwordOverride);
        }

        if (!File.Exists(path))
        {
            problems.Add(string.Empty,
                $"config file not found (looked for {Path.GetFullPath(path)}); copy config.yaml.example to config.yaml " +
                "and fill in model.domain, model.password and model.max_tokens, or pass another file with -config");
            return Failed(problems, passwordOverride);
        }

        string text;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                problems.Add(string.Empty,
                    $"is {length.ToString(CultureInfo.InvariantCulture)} bytes, too large for a config file (at most 1 MiB); is this the right file?");
                return Failed(problems, passwordOverride);
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            problems.Add(string.Empty, $"could not be read: {ex.Message}");
            return Failed(problems, passwordOverride);
        }

        return Parse(text, path, passwordOverride);
    }

    public static ConfigLoadResult Parse(string yamlText, string sourceName, string? passwordOverride)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        var problems = new ProblemCollector(sourceName);
        var reader = new ConfigDocumentReader(yamlText, problems);
        if (reader.Read() is not { } document)
        {
            return Failed(problems, passwordOverride);
        }

        UnknownKeys.Report(reader.Keys.Values, problems);
        var config = document.ToConfig(passwordOverride);
        // A value that could not be read is reported already; what the validator thinks of its default is no news.
        foreach (var problem in BatchInferConfigValidator.Problems(config).Where(p => !reader.IsUnreadable(p.Key)))
        {
            var (placed, at) = ProblemPlacement.Place(problem, reader.Keys);
            problems.Add(placed, at);
        }

        return problems.Count > 0
            ? new ConfigLoadResult(null, problems.ToRedactedList([passwordOverride, document.Model?.Password]))
            : new ConfigLoadResult(config, []);
    }

    private static ConfigLoadResult Failed(ProblemCollector problems, string? passwordOverride) =>
        new(null, problems.ToRedactedList([passwordOverride]));
}
