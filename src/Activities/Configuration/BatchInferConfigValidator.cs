using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;
using Keys = BatchInfer.Activities.Configuration.ConfigKeys;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Every rule a configuration must follow, in one place, whichever way it came: config.yaml (<see cref="ConfigLoader"/>),
/// the HTTP API's task start, or a task's stored configuration when the daemon resumes it. Problems name keys as
/// config.yaml spells them and come all at once; none quotes the password.
/// </summary>
public sealed partial class BatchInferConfigValidator : IValidateOptions<BatchInferConfig>
{
    /// <summary>The message of a <see cref="ConfigProblemKind.Missing"/> problem.</summary>
    public const string RequiredMessage = "is required but missing";

    public ValidateOptionsResult Validate(string? name, BatchInferConfig options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }

    /// <summary>Every problem of <paramref name="config"/>, in key order; none when it may run.</summary>
    public static IReadOnlyList<ConfigProblem> Problems(BatchInferConfig? config)
    {
        // A JSON body can leave out "config" or say "model": null; that is every required key missing, not a crash.
        config ??= new BatchInferConfig();
        var problems = new List<ConfigProblem>();
        var model = config.Model ?? new ModelConfig();
        var profile = CheckModel(model, problems);
        AtLeast(problems, Keys.LinesPerChunk, config.LinesPerChunk, 1);
        Between(problems, Keys.MaxRetryCount, config.MaxRetryCount, 0, 20);
        // Zero would poll a running batch without pause.
        AtLeast(problems, Keys.PollIntervalSeconds, config.PollIntervalSeconds, 0.1);
        CheckCompletionWindow(config.CompletionWindow, profile, problems);
        return ProblemCollector.Redact(problems, [model.Password]);
    }

    private static void CheckCompletionWindow(string? window, ProviderProfile? profile, List<ConfigProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(window))
        {
            problems.Add(Problem(Keys.CompletionWindow, "must not be empty"));
            return;
        }

        if (!CompletionWindow.TryParseHours(window, out var hours))
        {
            var hint = int.TryParse(window, CultureInfo.InvariantCulture, out var bare) ? $" (write {bare}h)" : string.Empty;
            problems.Add(Problem(Keys.CompletionWindow, $"expected a number of hours such as \"24h\", got {ConfigProblem.Quote(window)}{hint}"));
            return;
        }

        // An unknown provider is reported on its own; its window cannot be judged.
        var (min, max) = profile == ProviderProfile.DashScope ? (24, 336) : (24, 24);
        if (profile is not null && (hours < min || hours > max))
        {
            var accepted = min == max ? $"only \"{min}h\"" : $"from \"{min}h\" to \"{max}h\"";
            problems.Add(Problem(Keys.CompletionWindow, $"provider {profile.Name} accepts {accepted}, got {ConfigProblem.Quote(window)}"));
        }
    }

    private static ConfigProblem Problem(string key, string message, ConfigProblemKind kind = ConfigProblemKind.Value) =>
        new(key, null, null, message) { Kind = kind };

    // Written so that NaN fails too.
    private static void AtLeast<T>(List<ConfigProblem> problems, string key, T value, T min) where T : INumber<T>
    {
        if (!(value >= min))
        {
            problems.Add(Problem(key, $"must be at least {Format(min)}, got {Format(value)}"));
        }
    }

    private static void Between<T>(List<ConfigProblem> problems, string key, T value, T min, T max) where T : INumber<T>
    {
        if (!(value >= min && value <= max))
        {
            problems.Add(Problem(key, $"must be between {Format(min)} and {Format(max)}, got {Format(value)}"));
        }
    }

    private static string Format<T>(T value) where T : INumber<T> => value.ToString(null, CultureInfo.InvariantCulture);
}
