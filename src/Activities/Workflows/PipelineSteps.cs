using BatchInfer.Activities.Steps;
using WorkflowCore.Interface;

namespace BatchInfer.Activities.Workflows;

/// <summary>The step names a pipeline definition may use, and the step type each one stands for.</summary>
public static class PipelineSteps
{
    public const string SplitInput = "split-input";
    public const string Loop = "loop";
    public const string RunRound = "run-round";
    public const string RetryFailed = "retry-failed";
    public const string MergeResults = "merge-results";
    public const string UploadChunk = "upload-chunk";
    public const string SubmitBatch = "submit-batch";
    public const string PollBatch = "poll-batch";
    public const string DownloadResults = "download-results";
    public const string Approve = "approve";
    public const string Notify = "notify";
    public const string RunCommand = "run-command";

    internal static StepChain<TaskWorkflowData> AddTaskStep(StepChain<TaskWorkflowData> chain, PipelineStep step) => step.Name switch
    {
        SplitInput => chain.Then<Steps.SplitInput>(),
        RunRound => chain.Then<Steps.RunRound>(),
        RetryFailed => chain.Then<Steps.RetryFailed>(),
        MergeResults => chain.Then<Steps.MergeResults>(),
        Approve => chain.Then<Steps.AwaitApproval>(),
        // The parameters are constants of the definition version, set as the step's inputs each time it runs.
        Notify => chain.Then<Steps.Notify>(s => s
            .Input(n => n.Url, Constant(step.Parameter(OptionalSteps.NotifyUrl)))
            .Input(n => n.Retries, Constant(Number(step, OptionalSteps.NotifyRetries)))),
        RunCommand => chain.Then<Steps.RunCommand>(s => s
            .Input(c => c.Command, Constant(step.Parameter(OptionalSteps.RunCommandCommand)))
            .Input(c => c.TimeoutSeconds, Constant(Number(step, OptionalSteps.RunCommandTimeout)))),
        _ => throw UnknownStep(step.Name, Workflows.TaskWorkflow.DefinitionId),
    };

    internal static StepChain<ChunkWorkflowData> AddChunkStep(StepChain<ChunkWorkflowData> chain, string name) => name switch
    {
        UploadChunk => chain.Then<Steps.UploadChunk>(),
        SubmitBatch => chain.Then<Steps.SubmitBatch>(),
        PollBatch => chain.Then<Steps.PollBatch>(),
        DownloadResults => chain.Then<Steps.DownloadResults>(),
        _ => throw UnknownStep(name, Workflows.ChunkWorkflow.DefinitionId),
    };

    // The loader has checked the value: a whole number in range.
    private static int Number(PipelineStep step, string key) => int.Parse(step.Parameter(key)!, System.Globalization.CultureInfo.InvariantCulture);

    private static System.Linq.Expressions.Expression<Func<TaskWorkflowData, T>> Constant<T>(T value) => _ => value;

    // The loader rejects unknown names with their line; reaching this is a definition built in code.
    private static InvalidOperationException UnknownStep(string name, string workflow) =>
        new($"step '{name}' is not a step of workflow {workflow}");
}

/// <summary>
/// The typed WorkflowCore builder one step at a time, for step types chosen at run time: its methods are generic
/// in the previous step's type, which a loop over names cannot spell out.
/// </summary>
internal abstract class StepChain<TData>
    where TData : class, new()
{
    public static StepChain<TData> Start(IWorkflowBuilder<TData> builder) => new Empty(builder);

    /// <param name="configure">sets the step's inputs</param>
    public abstract StepChain<TData> Then<TStep>(Action<IStepBuilder<TData, TStep>>? configure = null)
        where TStep : IStepBody;

    /// <summary>Repeats <paramref name="body"/> while <paramref name="condition"/> holds.</summary>
    public abstract StepChain<TData> While(System.Linq.Expressions.Expression<Func<TData, bool>> condition, Action<StepChain<TData>> body);

    private static IStepBuilder<TData, TStep> Configured<TStep>(IStepBuilder<TData, TStep> step, Action<IStepBuilder<TData, TStep>>? configure)
        where TStep : IStepBody
    {
        configure?.Invoke(step);
        return step;
    }

    private sealed class Empty(IWorkflowBuilder<TData> builder) : StepChain<TData>
    {
        public override StepChain<TData> Then<TStep>(Action<IStepBuilder<TData, TStep>>? configure = null) =>
            new After<TStep>(Configured(builder.StartWith<TStep>(), configure));

        public override StepChain<TData> While(System.Linq.Expressions.Expression<Func<TData, bool>> condition, Action<StepChain<TData>> body) =>
            throw new InvalidOperationException("a workflow cannot start with a loop");
    }

    private sealed class After<TLast>(IStepBuilder<TData, TLast> builder) : StepChain<TData>
        where TLast : IStepBody
    {
        public override StepChain<TData> Then<TStep>(Action<IStepBuilder<TData, TStep>>? configure = null) =>
            new After<TStep>(Configured(builder.Then<TStep>(), configure));

        public override StepChain<TData> While(System.Linq.Expressions.Expression<Func<TData, bool>> condition, Action<StepChain<TData>> body) =>
            new After<WorkflowCore.Primitives.While>(builder.While(condition).Do(inner => body(new Empty(inner))));
    }
}
