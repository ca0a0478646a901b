namespace BatchInfer.Activities.Workflows;

/// <summary>
/// The steps a definition may add to the fixed ones, each at most once and at one place: right after the fixed step
/// <see cref="OptionalStep.After"/> (other optional steps with the same place may stand between, in any order).
/// </summary>
public static class OptionalSteps
{
    public static IReadOnlyList<OptionalStep> All { get; } =
    [
        new(PipelineSteps.Approve, TaskWorkflow.DefinitionId, PipelineSteps.SplitInput,
            "holds the task after its plan until a person approves it (Studio, batch_infer -approve ID)", []),
        new(PipelineSteps.Notify, TaskWorkflow.DefinitionId, PipelineSteps.MergeResults,
            "POSTs a JSON summary of the finished task to a URL",
            [
                new(NotifyUrl, StepParameterKind.HttpUrl, Required: true, Default: null, 0, 0, "http or https URL the summary is POSTed to"),
                new(NotifyRetries, StepParameterKind.WholeNumber, Required: false, Default: "3", 0, 20, "attempts after the first, with doubling backoff"),
            ]),
        new(PipelineSteps.RunCommand, TaskWorkflow.DefinitionId, PipelineSteps.MergeResults,
            "runs a program with the merged folder as its last argument",
            [
                new(RunCommandCommand, StepParameterKind.Command, Required: true, Default: null, 0, 0,
                    "program and arguments, split like a shell does (quotes, backslash), never run through a shell"),
                new(RunCommandTimeout, StepParameterKind.WholeNumber, Required: false, Default: "600", 1, 86_400, "seconds before the program is killed"),
            ]),
    ];

    public const string NotifyUrl = "url";
    public const string NotifyRetries = "retries";
    public const string RunCommandCommand = "command";
    public const string RunCommandTimeout = "timeout_seconds";

    public static OptionalStep? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>How the user would read where each optional step of <paramref name="workflowId"/> may stand.</summary>
    public static string DescribePlaces(string workflowId) =>
        All.Any(s => s.Workflow == workflowId)
            ? "optional: " + string.Join(", ", All.Where(s => s.Workflow == workflowId).Select(s => $"{s.Name} (right after {s.After})"))
            : "no optional steps";
}

/// <param name="Workflow">the workflow definition id it belongs to</param>
/// <param name="After">the fixed step it follows</param>
public sealed record OptionalStep(string Name, string Workflow, string After, string Description, IReadOnlyList<StepParameterSpec> Parameters);

public enum StepParameterKind
{
    WholeNumber,
    HttpUrl,
    Command,
}

/// <param name="Min">for <see cref="StepParameterKind.WholeNumber"/>: the least value accepted</param>
public sealed record StepParameterSpec(string Key, StepParameterKind Kind, bool Required, string? Default, int Min, int Max, string Description);
