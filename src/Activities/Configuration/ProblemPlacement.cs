using YamlDotNet.Core;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Puts a problem the validator found at its place in the file: at the key's value, at the key itself, or, for a
/// required key that is missing, at the section it belongs in.
/// </summary>
internal static class ProblemPlacement
{
    public static (ConfigProblem Problem, Mark? At) Place(ConfigProblem problem, IReadOnlyDictionary<string, KeyPlace> keys)
    {
        if (keys.TryGetValue(problem.Key, out var place))
        {
            return problem.Kind switch
            {
                ConfigProblemKind.Missing => (problem with { Message = "is required but has no value" }, place.Key),
                ConfigProblemKind.Key => (problem, place.Key),
                _ => (problem, place.Value ?? place.Key),
            };
        }

        var dot = problem.Key.LastIndexOf('.');
        if (problem.Kind != ConfigProblemKind.Missing || dot < 0)
        {
            return (problem, null);
        }

        var section = problem.Key[..dot];
        var placed = problem with { Message = $"{problem.Message} (add it under {section}:)" };
        return (placed, keys.TryGetValue(section, out var parent) ? parent.Key : null);
    }
}
