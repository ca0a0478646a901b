using System.Globalization;
using System.Security;
using System.Text.RegularExpressions;
using Keys = BatchInfer.Activities.Configuration.ConfigKeys;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Loads config.yaml into a <see cref="BatchInferConfig"/>, collecting every problem (key, line, column,
/// what was expected) instead of stopping at the first. Bad input never throws.
/// </summary>
public static partial class ConfigLoader
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
        if (!ConfigDocument.TryLoadRoot(yamlText, problems, out var root))
        {
            return Failed(problems, passwordOverride);
        }

        var top = new ConfigSection(root, string.Empty, null, reportMissing: true, problems);
        var modelReader = new ModelSectionReader(top, problems);
        var model = modelReader.Read(passwordOverride);
        var read = new ScalarReader(problems);
        var testLines = top.Get(Keys.TestLines) is { } t ? read.Integer(t, Keys.TestLines, int.MinValue) : null;
        var linesPerChunk = top.Get(Keys.LinesPerChunk) is { } l ? read.Integer(l, Keys.LinesPerChunk, 1) : null;
        var maxRetry = top.Get(Keys.MaxRetryCount) is { } r ? read.Integer(r, Keys.MaxRetryCount, 0, 20) : null;
        var poll = top.Get(Keys.PollIntervalSeconds) is { } p ? read.Number(p, Keys.PollIntervalSeconds, 0.1) : null;
        var window = ReadCompletionWindow(top, read, modelReader.Profile, problems);
        top.ReportUnknownKeys(Keys.TopLevel, Keys.ModelLevel, Keys.ModelPrefix);

        var secrets = new[] { passwordOverride, modelReader.FilePassword };
        if (model is null || problems.Count > 0)
        {
            return new ConfigLoadResult(null, problems.ToRedactedList(secrets));
        }

        var defaults = new BatchInferConfig { Model = model };
        var config = defaults with
        {
            TestLines = testLines ?? defaults.TestLines,
            LinesPerChunk = linesPerChunk ?? defaults.LinesPerChunk,
            MaxRetryCount = maxRetry ?? defaults.MaxRetryCount,
            PollIntervalSeconds = poll ?? defaults.PollIntervalSeconds,
            CompletionWindow = window ?? defaults.CompletionWindow,
        };
        return new ConfigLoadResult(config, []);
    }

    private static string? ReadCompletionWindow(ConfigSection top, ScalarReader read, ProviderProfile? profile, ProblemCollector problems)
    {
        if (top.Get(Keys.CompletionWindow) is not { } node || read.Text(node, Keys.CompletionWindow) is not { } text)
        {
            return null;
        }

        var match = HoursPattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var hours))
        {
            var hint = int.TryParse(text, CultureInfo.InvariantCulture, out var bare) ? $" (write {bare}h)" : string.Empty;
            problems.Add(Keys.CompletionWindow, node, $"expected a number of hours such as \"24h\", got {ScalarReader.Quote(text)}{hint}");
            return null;
        }

        var (min, max) = profile == ProviderProfile.DashScope ? (24, 336) : (24, 24);
        if (profile is not null && (hours < min || hours > max))
        {
            var accepted = min == max ? $"only \"{min}h\"" : $"from \"{min}h\" to \"{max}h\"";
            problems.Add(Keys.CompletionWindow, node, $"provider {profile.Name} accepts {accepted}, got {ScalarReader.Quote(text)}");
            return null;
        }

        return $"{hours.ToString(CultureInfo.InvariantCulture)}h";
    }

    private static ConfigLoadResult Failed(ProblemCollector problems, string? passwordOverride) =>
        new(null, problems.ToRedactedList([passwordOverride]));

    [GeneratedRegex("^([0-9]{1,6})h$", RegexOptions.CultureInvariant)]
    private static partial Regex HoursPattern();
}
