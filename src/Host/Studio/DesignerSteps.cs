using BatchInfer.Activities.Workflows;

namespace BatchInfer.Host.Studio;

/// <summary>What the designer says of each step, and which parameters of the definition it shows with it.</summary>
internal static class DesignerSteps
{
    public sealed record StepInfo(string Name, string Label, string Description, IReadOnlyList<string> ParameterKeys);

    /// <summary>Parameters of the whole pipeline, shown when no step is selected.</summary>
    public static readonly IReadOnlyList<string> PipelineKeys = ["engine_poll_interval_seconds", "max_concurrent_workflows"];

    private static readonly string[] Backoff = ["retry_backoff.initial_seconds", "retry_backoff.max_seconds"];

    private static readonly Dictionary<string, StepInfo> Steps = new StepInfo[]
    {
        new(PipelineSteps.SplitInput, "Split", "Validates the input and writes round 1's chunk files within the provider's limits; invalid lines go to invalid_input.jsonl.", []),
        new(PipelineSteps.RunRound, "Run round", "Starts one chunk workflow per chunk and waits until every chunk is collected (the last one wakes it).", ["round_check_interval_seconds"]),
        new(PipelineSteps.RetryFailed, "Retry", "Reconciles the round record by record and cuts the next round from what is worth retrying, up to max_retry_count rounds.", []),
        new(PipelineSteps.MergeResults, "Merge", "Writes output.jsonl in input order, error_retry0.jsonl, missing_records.jsonl and summary.json.", []),
        new(PipelineSteps.UploadChunk, "Upload", "POST /files, waiting for an upload slot of the endpoint (shared fairly by all tasks).", ["uploads_in_flight_per_endpoint", .. Backoff]),
        new(PipelineSteps.SubmitBatch, "Submit", "POST /batches once, tagged with task, round and chunk; waits for a batch slot. Never creates a batch twice.", ["batches_in_flight_per_endpoint", .. Backoff]),
        new(PipelineSteps.PollBatch, "Poll", "GET /batches/{id} until the batch ends, every poll_interval_seconds of the task's configuration.", Backoff),
        new(PipelineSteps.DownloadResults, "Download", "Downloads the output and error files, partial ones too, and gives the batch slot back.", Backoff),
        Optional(PipelineSteps.Approve, "Approve"),
        Optional(PipelineSteps.Notify, "Notify"),
        Optional(PipelineSteps.RunCommand, "Run command"),
    }.ToDictionary(s => s.Name, StringComparer.Ordinal);

    // An optional step's parameters are its own (in the definition's step list), not keys of the parameters section.
    private static StepInfo Optional(string name, string label)
    {
        var step = OptionalSteps.Find(name)!;
        return new(name, label, $"Optional, right after {step.After}: {step.Description}.", []);
    }

    /// <summary>The optional steps of <paramref name="definition"/>'s task workflow with their parameters as text, defaults filled in: what the designer edits.</summary>
    public static Dictionary<string, Dictionary<string, string>> OptionalOf(PipelineDefinition definition) =>
        definition.TaskWorkflow.Steps.Where(s => OptionalSteps.Find(s.Name) is not null).ToDictionary(
            s => s.Name,
            s => OptionalSteps.Find(s.Name)!.Parameters.ToDictionary(p => p.Key, p => s.Parameter(p.Key) ?? "", StringComparer.Ordinal),
            StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="definition"/> with exactly the optional steps given, each right after the fixed step it follows (in
    /// the palette's order), so that a step added in the designer always stands at its only allowed place.
    /// </summary>
    public static PipelineDefinition WithOptional(PipelineDefinition definition, IReadOnlyDictionary<string, Dictionary<string, string>> optional)
    {
        var steps = new List<PipelineStep>();
        foreach (var step in definition.TaskWorkflow.Steps.Where(s => OptionalSteps.Find(s.Name) is null))
        {
            steps.Add(step);
            steps.AddRange(OptionalSteps.All.Where(o => o.After == step.Name && optional.ContainsKey(o.Name))
                .Select(o => new PipelineStep(o.Name, Parameters: optional[o.Name])));
        }
        return definition with { TaskWorkflow = definition.TaskWorkflow with { Steps = steps } };
    }

    public static StepInfo Of(string name) => Steps.TryGetValue(name, out var info) ? info : new StepInfo(name, name, "", []);
}
