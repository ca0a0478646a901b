using BatchInfer.Activities.Steps;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Workflows;

/// <summary>One instance per chunk and round, so that chunks progress concurrently (DESIGN.md §3.1).</summary>
public sealed class ChunkWorkflow : IWorkflow<ChunkWorkflowData>
{
    public const string DefinitionId = "batch-chunk";

    public string Id => DefinitionId;

    public int Version => 1;

    public void Build(IWorkflowBuilder<ChunkWorkflowData> builder) =>
        builder
            .UseDefaultErrorBehavior(WorkflowErrorHandling.Suspend)
            .StartWith<UploadChunk>()
            .Then<SubmitBatch>()
            .Then<PollBatch>()
            .Then<DownloadResults>();
}
