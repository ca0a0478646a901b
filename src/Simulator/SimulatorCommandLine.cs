using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace BatchInfer.Simulator;

/// <summary>
/// The options of <c>batch_infer simulate</c>: one System.CommandLine option per <see cref="SimulatorOptions"/> setting,
/// with its help text and how it sets the knob. Each takes <c>--name</c> or <c>-name</c>, its value as the next
/// argument or after '='. An option left out keeps the <see cref="SimulatorOptions"/> default.
/// </summary>
public static class SimulatorCommandLine
{
    /// <summary>What <c>simulate</c> does, as help shows it.</summary>
    public const string Description = "An OpenAI-compatible Batch API on 127.0.0.1, for tests and demos, until Ctrl+C. " +
        "Each option takes one dash or two, its value as the next argument or after '=': -port 8080, --port=8080.";

    private static readonly SimulatorOptions Defaults = new();

    private static readonly Setting[] Settings =
    [
        Integer("port", "N", "TCP port on 127.0.0.1 (default 0: any free port; the base URL is printed)", (o, v) => o with { Port = v }),
        Text("profile", "spark|openai", $"Limits, status spellings and success status_code (default {Defaults.Profile})",
            (o, v) => o with { Profile = v }, Profile),
        Text("storage", "DIR", "Where files are kept (default: a temporary directory, deleted at exit)", (o, v) => o with { StorageDirectory = v }),
        Text("token", "TOKEN", "Accept only this bearer token (default: any non-empty one)", (o, v) => o with { RequiredToken = v }),
        Duration("validating", $"Time a batch spends validating, e.g. 200ms, 2s, 1m (default {Show(Defaults.ValidatingDuration)})",
            (o, v) => o with { ValidatingDuration = v }),
        Duration("in-progress", $"Time to process all records of a batch (default {Show(Defaults.InProgressDuration)})",
            (o, v) => o with { InProgressDuration = v }),
        Duration("finalizing", $"Time a batch spends finalizing (default {Show(Defaults.FinalizingDuration)})", (o, v) => o with { FinalizingDuration = v }),
        Fraction("error-rate", "Fraction of records answered with a retryable 500 error line (default 0)", (o, v) => o with { RequestErrorRate = v }),
        Fraction("permanent-error-rate", "Fraction of records answered with a 400 invalid_request_error line (default 0)",
            (o, v) => o with { PermanentErrorRate = v }),
        Fraction("http-fault-rate", "Fraction of API calls failing with 500, 503, 429 + Retry-After or a dropped connection (default 0)",
            (o, v) => o with { HttpFaultRate = v }),
        Integer("retry-after", "SECONDS", $"Retry-After sent with simulated 429s (default {Defaults.RetryAfterSeconds})",
            (o, v) => o with { RetryAfterSeconds = v }),
        Integer("fail-batches", "N", "The first N batches end failed, without output (default 0)", (o, v) => o with { FailBatches = v }),
        Integer("expire-batches", "N", "The next N batches expire with about half of their records done (default 0)",
            (o, v) => o with { ExpireBatches = v }),
        Flag("shuffle", "Output lines in a different order than the input", (o, v) => o with { ShuffleOutput = v }),
        Duration("response-delay", "Delay before every answer (default 0ms)", (o, v) => o with { ResponseDelay = v }),
        Integer("seed", "N", "Seed for every random choice, for repeatable runs (default: a random one)", (o, v) => o with { Seed = v }),
    ];

    /// <summary>The <c>simulate</c> command with every option; the caller sets its action and reads it back with <see cref="Bind"/>.</summary>
    public static Command CreateCommand()
    {
        // Unmatched tokens are reported by Bind, in the simulator's words.
        var command = new Command("simulate", Description)
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var setting in Settings)
        {
            command.Options.Add(setting.Option);
        }
        return command;
    }

    /// <summary>The options a parse of <see cref="CreateCommand"/> gave; anything wrong is an <see cref="ArgumentException"/> naming it.</summary>
    public static SimulatorOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)));
        }
        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            throw new ArgumentException(token.StartsWith('-')
                ? $"unknown option '{token}' (see --help)"
                : $"unexpected argument '{token}': options start with -- (see --help)");
        }
        var options = Settings.Aggregate(new SimulatorOptions(), (options, setting) => setting.Apply(options, result));
        options.Validate();
        return options;
    }

    private static Setting Integer(string name, string helpName, string description, Func<SimulatorOptions, int, SimulatorOptions> set) =>
        Setting.Of(name, helpName, description, set, text =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
                ? (parsed, null)
                : (0, $"--{name} expects a whole number of 0 or more, not '{text}'"));

    private static Setting Fraction(string name, string description, Func<SimulatorOptions, double, SimulatorOptions> set) =>
        Setting.Of(name, "F", description, set, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1
                ? (parsed, null)
                : (0, $"--{name} expects a fraction between 0 and 1 such as 0.05, not '{text}'"));

    private static Setting Text(string name, string helpName, string description, Func<SimulatorOptions, string, SimulatorOptions> set,
        Func<string, string?>? check = null) =>
        Setting.Of(name, helpName, description, set, text => (text, check?.Invoke(text)));

    private static Setting Duration(string name, string description, Func<SimulatorOptions, TimeSpan, SimulatorOptions> set) =>
        Setting.Of(name, "DURATION", description, set, text => ParseDuration(text) is { } duration
            ? (duration, null)
            : (TimeSpan.Zero, $"--{name} expects a duration such as 200ms, 2s or 1m, not '{text}'"));

    private static Setting Flag(string name, string description, Func<SimulatorOptions, bool, SimulatorOptions> set)
    {
        var option = new Option<bool>("--" + name, "-" + name) { Description = description };
        return new Setting(option, (options, result) => result.GetResult(option) is null ? options : set(options, result.GetValue(option)));
    }

    private static string? Profile(string name) => SimulatorProfile.Find(name) is null
        ? $"unknown simulator profile '{name}': expected one of {string.Join(", ", SimulatorProfile.All.Select(p => p.Name))}"
        : null;

    private static TimeSpan? ParseDuration(string text)
    {
        (string Suffix, double Milliseconds)[] units = [("ms", 1), ("s", 1000), ("m", 60_000)];
        foreach (var (suffix, milliseconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0)
            {
                return TimeSpan.FromMilliseconds(amount * milliseconds);
            }
        }
        return null;
    }

    private static string Show(TimeSpan duration) => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds}ms");

    /// <summary>One option and how its value, when given, sets its knob.</summary>
    private sealed record Setting(Option Option, Func<SimulatorOptions, ParseResult, SimulatorOptions> Apply)
    {
        /// <summary>An option whose one value is parsed by <paramref name="parse"/> (an error message instead of a value when wrong).</summary>
        public static Setting Of<T>(string name, string helpName, string description, Func<SimulatorOptions, T, SimulatorOptions> set,
            Func<string, (T Value, string? Error)> parse)
        {
            var option = new Option<T>("--" + name, "-" + name)
            {
                Description = description,
                HelpName = helpName,
                // Zero or one, so that a missing value reaches the parser below and is reported in the same words as a wrong one.
                Arity = ArgumentArity.ZeroOrOne,
                CustomParser = result =>
                {
                    if (result.Tokens.Count == 0)
                    {
                        result.AddError($"option --{name} needs a value (see --help)");
                        return default;
                    }
                    var (value, error) = parse(result.Tokens[0].Value);
                    if (error is not null)
                    {
                        result.AddError(error);
                    }
                    return value;
                },
            };
            return new Setting(option, (options, result) => result.GetResult(option) is null ? options : set(options, result.GetValue(option)!));
        }
    }
}
