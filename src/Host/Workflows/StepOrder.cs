using BatchInfer.Activities.Workflows;
using YamlDotNet.Core;

namespace BatchInfer.Host.Workflows;

/// <summary>A step as written in the file, with where it was written.</summary>
internal sealed record ParsedStep(string Name, Mark Start, IReadOnlyList<ParsedStep>? Steps = null, IReadOnlyDictionary<string, string>? Parameters = null)
{
    public PipelineStep ToStep() => new(Name, Steps?.Select(s => s.ToStep()).ToList(), Parameters);
}

/// <summary>
/// Checks a step list against the one the code implements: every step known, none twice, none missing, in order.
/// The order is fixed because each step relies on what the one before it left in the state tables. An optional step
/// (<see cref="OptionalSteps"/>) may stand once, at its own place only: right after the fixed step it follows.
/// </summary>
internal static class StepOrder
{
    public static void Check(
        string key, Mark at, IReadOnlyList<ParsedStep> actual, IReadOnlyList<PipelineStep> expected, string workflowId, PipelineProblems problems)
    {
        var expectedNames = expected.Select(s => s.Name).ToList();
        var fixedSteps = new List<(ParsedStep Step, int Index)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var complete = true;
        string? previousFixed = null;
        for (var i = 0; i < actual.Count; i++)
        {
            var step = actual[i];
            var stepKey = $"{key}[{i}]";
            if (!expectedNames.Contains(step.Name) && OptionalSteps.Find(step.Name) is { } optional)
            {
                CheckOptional(stepKey, step, optional, previousFixed, workflowId, seen, problems);
                continue;
            }
            fixedSteps.Add((step, i));
            previousFixed = step.Name;
            if (!expectedNames.Contains(step.Name))
            {
                problems.Add(stepKey, step.Start, $"unknown step '{step.Name}'; expected {Describe(expected)}; {OptionalSteps.DescribePlaces(workflowId)}");
                complete = false;
            }
            else if (!seen.Add(step.Name))
            {
                problems.Add(stepKey, step.Start, $"step '{step.Name}' appears more than once; expected {Describe(expected)}");
                complete = false;
            }
            else if (step.Name == PipelineSteps.Loop)
            {
                var loop = expected.Single(s => s.Name == PipelineSteps.Loop);
                Check($"{stepKey}.{PipelineSteps.Loop}", step.Start, step.Steps ?? [], loop.Steps ?? [], workflowId, problems);
            }
        }
        foreach (var missing in expectedNames.Where(n => !seen.Contains(n)))
        {
            problems.Add(key, at, $"step '{missing}' is missing; expected {Describe(expected)}");
            complete = false;
        }
        if (!complete)
        {
            return;
        }
        var misplaced = Enumerable.Range(0, fixedSteps.Count).FirstOrDefault(i => fixedSteps[i].Step.Name != expectedNames[i], -1);
        if (misplaced >= 0)
        {
            var (step, index) = fixedSteps[misplaced];
            problems.Add($"{key}[{index}]", step.Start,
                $"step '{step.Name}' is out of order: '{expectedNames[misplaced]}' comes here; expected {Describe(expected)}");
        }
    }

    private static void CheckOptional(
        string key, ParsedStep step, OptionalStep optional, string? previousFixed, string workflowId, HashSet<string> seen, PipelineProblems problems)
    {
        if (optional.Workflow != workflowId || optional.After != previousFixed)
        {
            problems.Add(key, step.Start,
                $"step '{step.Name}' cannot stand here: it goes right after {optional.After} in {optional.Workflow}; {OptionalSteps.DescribePlaces(workflowId)}");
        }
        else if (!seen.Add(step.Name))
        {
            problems.Add(key, step.Start, $"step '{step.Name}' appears more than once; an optional step runs at most once");
        }
    }

    /// <summary>The expected list as the user would write it: <c>split-input, loop [run-round, retry-failed], merge-results</c>.</summary>
    public static string Describe(IReadOnlyList<PipelineStep> steps) =>
        "the steps " + string.Join(", ", steps.Select(DescribeOne)) + " in this order";

    private static string DescribeOne(PipelineStep step) =>
        step.Steps is { } inner ? $"{step.Name} [{string.Join(", ", inner.Select(DescribeOne))}]" : step.Name;
}
