using System.Globalization;
using BatchInfer.Activities.Workflows;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Host.Workflows;

/// <summary>Reads the <c>parameters</c> section: known keys only, numbers within their range; a key left out keeps its default.</summary>
internal static class ParameterReader
{
    private const string Section = "parameters";

    /// <summary>Every parameter: its key under <c>parameters</c> (dotted when nested), range, and how it is read and set.</summary>
    public static IReadOnlyList<ParameterSpec> Specs { get; } =
    [
        new("engine_poll_interval_seconds", 0.1, 600, false, p => p.EnginePollIntervalSeconds, (p, v) => p with { EnginePollIntervalSeconds = v }),
        new("max_concurrent_workflows", 1, 1024, true, p => p.MaxConcurrentWorkflows, (p, v) => p with { MaxConcurrentWorkflows = (int)v }),
        new("uploads_in_flight_per_endpoint", 1, 64, true, p => p.UploadsInFlightPerEndpoint, (p, v) => p with { UploadsInFlightPerEndpoint = (int)v }),
        new("batches_in_flight_per_endpoint", 1, 10_000, true, p => p.BatchesInFlightPerEndpoint, (p, v) => p with { BatchesInFlightPerEndpoint = (int)v }),
        new("round_check_interval_seconds", 0.1, 600, false, p => p.RoundCheckIntervalSeconds, (p, v) => p with { RoundCheckIntervalSeconds = v }),
        new("retry_backoff.initial_seconds", 0.1, 3600, false, p => p.RetryBackoffInitialSeconds, (p, v) => p with { RetryBackoffInitialSeconds = v }),
        new("retry_backoff.max_seconds", 1, 86_400, false, p => p.RetryBackoffMaxSeconds, (p, v) => p with { RetryBackoffMaxSeconds = v }),
    ];

    public static PipelineParameters Read(YamlNode node, PipelineProblems problems)
    {
        var parameters = Read(node, "", new PipelineParameters(), problems);
        if (parameters.RetryBackoffMaxSeconds < parameters.RetryBackoffInitialSeconds)
        {
            problems.Add($"{Section}.retry_backoff.max_seconds", node.Start,
                $"must not be less than retry_backoff.initial_seconds ({parameters.RetryBackoffInitialSeconds.ToString(CultureInfo.InvariantCulture)})");
        }
        return parameters;
    }

    private static PipelineParameters Read(YamlNode node, string prefix, PipelineParameters parameters, PipelineProblems problems)
    {
        var known = Specs.Select(s => s.Key).Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split('.')[0]).Distinct().ToList();
        if (node is not YamlMappingNode mapping)
        {
            problems.Add(Section + "." + prefix.TrimEnd('.'), node.Start, $"expected a mapping with the keys {string.Join(", ", known)}");
            return parameters;
        }
        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            var path = prefix + name;
            if (Specs.FirstOrDefault(s => s.Key == path) is { } spec)
            {
                parameters = ReadNumber(spec, value, parameters, problems);
            }
            else if (Specs.Any(s => s.Key.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                parameters = Read(value, path + ".", parameters, problems);
            }
            else
            {
                problems.Add($"{Section}.{path}", keyNode.Start, $"unknown parameter '{name}'; known here: {string.Join(", ", known)}");
            }
        }
        return parameters;
    }

    private static PipelineParameters ReadNumber(ParameterSpec spec, YamlNode node, PipelineParameters parameters, PipelineProblems problems)
    {
        var key = $"{Section}.{spec.Key}";
        var range = spec.Range;
        var text = (node as YamlScalarNode)?.Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || (spec.Integer && value != Math.Floor(value)))
        {
            problems.Add(key, node.Start, $"expected {(spec.Integer ? "a whole number" : "a number")} from {range}, got '{text ?? node.NodeType.ToString()}'");
            return parameters;
        }
        if (value < spec.Min || value > spec.Max)
        {
            problems.Add(key, node.Start, $"{text} is out of range: expected {range}");
            return parameters;
        }
        return spec.Apply(parameters, value);
    }

    public sealed record ParameterSpec(
        string Key, double Min, double Max, bool Integer, Func<PipelineParameters, double> Get, Func<PipelineParameters, double, PipelineParameters> Apply)
    {
        public string Range => $"{Min.ToString(CultureInfo.InvariantCulture)} to {Max.ToString(CultureInfo.InvariantCulture)}";
    }
}
