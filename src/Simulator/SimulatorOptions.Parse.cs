using System.Globalization;

namespace BatchInfer.Simulator;

public sealed partial record SimulatorOptions
{
    public const string HelpText = """
        batch_infer simulate [options]: an OpenAI-compatible Batch API on 127.0.0.1, for tests and demos.

          --port N                   TCP port (default 0: any free port; the base URL is printed)
          --profile spark|openai     limits, status spellings and success status_code (default spark)
          --storage DIR              where files are kept (default: a temporary directory)
          --token TOKEN              accept only this bearer token (default: any non-empty one)
          --validating DURATION      time spent validating, e.g. 200ms, 2s, 1m (default 200ms)
          --in-progress DURATION     time to process all records of a batch (default 500ms)
          --finalizing DURATION      time spent finalizing (default 100ms)
          --error-rate F             fraction of records answered with a retryable 500 error line
          --permanent-error-rate F   fraction of records answered with a 400 invalid_request_error line
          --http-fault-rate F        fraction of API calls failing with 500, 503, 429 + Retry-After or a dropped connection
          --retry-after SECONDS      Retry-After sent with simulated 429s (default 1)
          --fail-batches N           the first N batches end failed, without output
          --expire-batches N         the next N batches expire with about half of their records done
          --shuffle                  output lines in a different order than the input
          --response-delay DURATION  delay before every answer
          --seed N                   seed for every random choice, for repeatable runs
          --help                     this text

        Options may start with - or --, and take their value as the next argument or after '='.
        """;

    private static readonly Dictionary<string, Func<SimulatorOptions, string, SimulatorOptions>> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["port"] = (o, v) => o with { Port = Integer("port", v) },
        ["profile"] = (o, v) => o with { Profile = v },
        ["storage"] = (o, v) => o with { StorageDirectory = v },
        ["token"] = (o, v) => o with { RequiredToken = v },
        ["validating"] = (o, v) => o with { ValidatingDuration = Duration("validating", v) },
        ["in-progress"] = (o, v) => o with { InProgressDuration = Duration("in-progress", v) },
        ["finalizing"] = (o, v) => o with { FinalizingDuration = Duration("finalizing", v) },
        ["error-rate"] = (o, v) => o with { RequestErrorRate = Fraction("error-rate", v) },
        ["permanent-error-rate"] = (o, v) => o with { PermanentErrorRate = Fraction("permanent-error-rate", v) },
        ["http-fault-rate"] = (o, v) => o with { HttpFaultRate = Fraction("http-fault-rate", v) },
        ["retry-after"] = (o, v) => o with { RetryAfterSeconds = Integer("retry-after", v) },
        ["fail-batches"] = (o, v) => o with { FailBatches = Integer("fail-batches", v) },
        ["expire-batches"] = (o, v) => o with { ExpireBatches = Integer("expire-batches", v) },
        ["response-delay"] = (o, v) => o with { ResponseDelay = Duration("response-delay", v) },
        ["seed"] = (o, v) => o with { Seed = Integer("seed", v) },
    };

    public static bool WantsHelp(IEnumerable<string> args) =>
        args.Any(a => a.TrimStart('-') is "help" or "h" or "?" && a.StartsWith('-'));

    /// <summary>Parses the arguments of <c>batch_infer simulate</c>; a bad one is an <see cref="ArgumentException"/> naming it.</summary>
    public static SimulatorOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg.Trim('-').Length == 0)
            {
                throw new ArgumentException($"unexpected argument '{arg}': options start with -- (see --help)");
            }
            var name = arg.TrimStart('-');
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            if (string.Equals(name, "shuffle", StringComparison.OrdinalIgnoreCase))
            {
                options = options with { ShuffleOutput = value is null || Boolean("shuffle", value) };
                continue;
            }
            if (!Setters.TryGetValue(name, out var set))
            {
                throw new ArgumentException($"unknown option '{arg}' (see --help)");
            }
            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"option --{name} needs a value (see --help)");
                }
                value = args[++i];
            }
            options = set(options, value);
        }
        options.Validate();
        return options;
    }

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
            ? parsed
            : throw new ArgumentException($"--{name} expects a whole number of 0 or more, not '{value}'");

    private static double Fraction(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1
            ? parsed
            : throw new ArgumentException($"--{name} expects a fraction between 0 and 1 such as 0.05, not '{value}'");

    private static bool Boolean(string name, string value) =>
        bool.TryParse(value, out var parsed) ? parsed : throw new ArgumentException($"--{name} expects true or false, not '{value}'");

    private static TimeSpan Duration(string name, string value)
    {
        (string Suffix, double Milliseconds)[] units = [("ms", 1), ("s", 1000), ("m", 60_000)];
        foreach (var (suffix, milliseconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0)
            {
                return TimeSpan.FromMilliseconds(amount * milliseconds);
            }
        }
        throw new ArgumentException($"--{name} expects a duration such as 200ms, 2s or 1m, not '{value}'");
    }
}
