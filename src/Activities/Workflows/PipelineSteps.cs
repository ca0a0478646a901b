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

    internal static StepChain<TaskWorkflowData> AddTaskStep(StepChain<TaskWorkflowData> chain, string name) => name switch
    {
        SplitInput => chain.Then<Steps.SplitInput>(),
        RunRound => chain.Then<Steps.RunRound>(),
        RetryFailed => chain.Then<Steps.RetryFailed>(),
        MergeResults => chain.Then<Steps.MergeResults>(),
        _ => throw UnknownStep(name, Workflows.TaskWorkflow.DefinitionId),
    };

    internal static StepChain<ChunkWorkflowData> AddChunkStep(StepChain<ChunkWorkflowData> chain, string name) => name switch
    {
        UploadChunk => chain.Then<Steps.UploadChunk>(),
        SubmitBatch => chain.Then<Steps.SubmitBatch>(),
        PollBatch => chain.Then<Steps.PollBatch>(),
        DownloadResults => chain.Then<Steps.DownloadResults>(),
        _ => throw UnknownStep(name, Workflows.ChunkWorkflow.DefinitionId),
    };

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

    public abstract StepChain<TData> Then<TStep>()
        where TStep : IStepBody;

    /// <summary>Repeats <paramref name="body"/> while <paramref name="condition"/> holds.</summary>
    public abstract StepChain<TData> While(System.Linq.Expressions.Expression<Func<TData, bool>> condition, Action<StepChain<TData>> body);

    private sealed class Empty(IWorkflowBuilder<TData> builder) : StepChain<TData>
    {
        public override StepChain<TData> Then<TStep>() => new After<TStep>(builder.StartWith<TStep>());

        public override StepChain<TData> While(System.Linq.Expressions.Expression<Func<TData, bool>> condition, Action<StepChain<TData>> body) =>
            throw new InvalidOperationException("a workflow cannot start with a loop");
    }

    private sealed class After<TLast>(IStepBuilder<TData, TLast> builder) : StepChain<TData>
        where TLast : IStepBody
    {
        public override StepChain<TData> Then<TStep>() => new After<TStep>(builder.Then<TStep>());

        public override StepChain<TData> While(System.Linq.Expressions.Expression<Func<TData, bool>> condition, Action<StepChain<TData>> body) =>
            new After<WorkflowCore.Primitives.While>(builder.While(condition).Do(inner => body(new Empty(inner))));
    }
}
