using System.Text.Json.Serialization;
using BatchInfer.Activities.Scheduling;

namespace BatchInfer.Activities.Workflows;

/// <summary>
/// The pipeline as data (workflows/batch-pipeline.yaml): both workflows' steps in order, and the parameters
/// the engine, the scheduler and the steps run with. Served as JSON by the daemon's API.
/// </summary>
public sealed record PipelineDefinition(
    string Source, WorkflowDefinitionSteps TaskWorkflow, WorkflowDefinitionSteps ChunkWorkflow, PipelineParameters Parameters)
{
    public const string BuiltInSource = "built-in";

    /// <summary>The definition the code was written for; a file must name the same steps in the same order.</summary>
    public static PipelineDefinition Default { get; } = new(
        BuiltInSource,
        new WorkflowDefinitionSteps(
            Workflows.TaskWorkflow.DefinitionId,
            [
                new PipelineStep(PipelineSteps.SplitInput),
                new PipelineStep(PipelineSteps.Loop, [new PipelineStep(PipelineSteps.RunRound), new PipelineStep(PipelineSteps.RetryFailed)]),
                new PipelineStep(PipelineSteps.MergeResults),
            ]),
        new WorkflowDefinitionSteps(
            Workflows.ChunkWorkflow.DefinitionId,
            [
                new PipelineStep(PipelineSteps.UploadChunk),
                new PipelineStep(PipelineSteps.SubmitBatch),
                new PipelineStep(PipelineSteps.PollBatch),
                new PipelineStep(PipelineSteps.DownloadResults),
            ]),
        new PipelineParameters());
}

/// <summary>One workflow's steps, in the order they run.</summary>
public sealed record WorkflowDefinitionSteps(string Id, IReadOnlyList<PipelineStep> Steps);

/// <summary>
/// A step by name; a <see cref="PipelineSteps.Loop"/> carries the steps it repeats, an optional step (<see cref="OptionalSteps"/>)
/// its parameters, as validated text keyed by their YAML names.
/// </summary>
public sealed record PipelineStep(string Name, IReadOnlyList<PipelineStep>? Steps = null, IReadOnlyDictionary<string, string>? Parameters = null)
{
    /// <summary>A parameter the loader accepted, or the spec's default when it was left out.</summary>
    public string? Parameter(string key) =>
        Parameters is not null && Parameters.TryGetValue(key, out var value) ? value
        : OptionalSteps.Find(Name)?.Parameters.FirstOrDefault(p => p.Key == key)?.Default;
}

/// <summary>How fast and how wide the pipeline runs. Defaults are the built-in values; the YAML keys are the snake_case names.</summary>
public sealed record PipelineParameters
{
    /// <summary>
    /// The engine's backstop: how often it looks in the state file for instances due that nothing woke. Sleeps shorter
    /// than this are timed in memory; hand-offs wake instances at once (docs/engine.md).
    /// </summary>
    public double EnginePollIntervalSeconds { get; init; } = 60;

    /// <summary>Workflow instances the engine runs at once; sleeping polls hold none.</summary>
    public int MaxConcurrentWorkflows { get; init; } = 32;

    public int UploadsInFlightPerEndpoint { get; init; } = 4;

    public int BatchesInFlightPerEndpoint { get; init; } = 100;

    /// <summary>How often a task's round step checks by itself whether all its chunks are collected; the last one wakes it at once.</summary>
    public double RoundCheckIntervalSeconds { get; init; } = 30;

    /// <summary>A failed remote call is tried again after this, doubling up to <see cref="RetryBackoffMaxSeconds"/>.</summary>
    public double RetryBackoffInitialSeconds { get; init; } = 1;

    public double RetryBackoffMaxSeconds { get; init; } = 300;

    [JsonIgnore]
    public TimeSpan EnginePollInterval => TimeSpan.FromSeconds(EnginePollIntervalSeconds);

    [JsonIgnore]
    public TimeSpan RoundCheckInterval => TimeSpan.FromSeconds(RoundCheckIntervalSeconds);

    [JsonIgnore]
    public TimeSpan RetryBackoffInitial => TimeSpan.FromSeconds(RetryBackoffInitialSeconds);

    [JsonIgnore]
    public TimeSpan RetryBackoffMax => TimeSpan.FromSeconds(RetryBackoffMaxSeconds);

    public SchedulerOptions ToSchedulerOptions() => new()
    {
        UploadsPerEndpoint = UploadsInFlightPerEndpoint,
        BatchesPerEndpoint = BatchesInFlightPerEndpoint,
    };
}
