using System.Globalization;
using BatchInfer.Activities.Workflows;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Host.Workflows;

/// <summary>Reads an optional step's parameters (<c>- notify: {url: …, retries: 5}</c>): known keys only, each value checked, the required ones present.</summary>
internal static class StepParameterReader
{
    /// <param name="node">the step's mapping of parameters; null when the step is written as a bare name</param>
    public static Dictionary<string, string> Read(OptionalStep step, string key, Mark at, YamlNode? node, PipelineProblems problems)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = string.Join(", ", step.Parameters.Select(p => p.Key));
        if (node is not null and not YamlMappingNode)
        {
            problems.Add(key, node.Start, step.Parameters.Count == 0
                ? $"step '{step.Name}' takes no parameters; write it as '- {step.Name}'"
                : $"expected a mapping of the step's parameters ({known})");
            return values;
        }
        var given = (node as YamlMappingNode ?? new YamlMappingNode()).Children;
        foreach (var (keyNode, value) in given)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            if (step.Parameters.FirstOrDefault(p => p.Key == name) is not { } spec)
            {
                problems.Add($"{key}.{name}", keyNode.Start, step.Parameters.Count == 0
                    ? $"step '{step.Name}' takes no parameters"
                    : $"unknown parameter '{name}' of step '{step.Name}'; known: {known}");
            }
            else if (Problem(spec, (value as YamlScalarNode)?.Value) is { } problem)
            {
                problems.Add($"{key}.{name}", value.Start, problem);
            }
            else
            {
                values[name] = ((YamlScalarNode)value).Value!;
            }
        }
        foreach (var missing in step.Parameters.Where(p => p.Required && !given.ContainsKey(new YamlScalarNode(p.Key))))
        {
            problems.Add($"{key}.{missing.Key}", at, $"is missing: step '{step.Name}' needs {missing.Key} ({missing.Description})");
        }
        return values;
    }

    /// <summary>What is wrong with <paramref name="text"/> as a value of <paramref name="spec"/>; null when nothing is.</summary>
    public static string? Problem(StepParameterSpec spec, string? text) => spec.Kind switch
    {
        _ when string.IsNullOrWhiteSpace(text) => $"expected {Expected(spec)}, got {(text is null ? "no text" : "an empty value")}",
        StepParameterKind.WholeNumber when !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) =>
            $"expected {Expected(spec)}, got '{text}'",
        StepParameterKind.WholeNumber when int.Parse(text, CultureInfo.InvariantCulture) is var n && (n < spec.Min || n > spec.Max) =>
            $"{text} is out of range: expected {Expected(spec)}",
        StepParameterKind.HttpUrl when !Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") =>
            $"expected {Expected(spec)}, got '{text}'",
        StepParameterKind.Command when CommandWords.Split(text, out var problem) is null => $"the command {problem}",
        _ => null,
    };

    public static string Expected(StepParameterSpec spec) => spec.Kind switch
    {
        StepParameterKind.WholeNumber => $"a whole number from {spec.Min.ToString(CultureInfo.InvariantCulture)} to {spec.Max.ToString(CultureInfo.InvariantCulture)}",
        StepParameterKind.HttpUrl => "an http:// or https:// URL",
        _ => "a program and its arguments",
    };
}
