using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Persistence;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine;

/// <summary>Starts a workflow instance once per reference: a step that runs again after a crash adopts the instance it started before.</summary>
internal sealed class WorkflowLauncher(IWorkflowController controller, SqlitePersistenceProvider store) : IChunkWorkflowLauncher
{
    public Task<string> EnsureStartedAsync(ChunkWorkflowData data, int definitionVersion, CancellationToken cancellationToken) =>
        EnsureStartedAsync(ChunkWorkflow.DefinitionId, definitionVersion, data, data.Reference, cancellationToken);

    /// <param name="version">the pipeline definition version the instance runs (an instance found by its reference keeps its own)</param>
    public async Task<string> EnsureStartedAsync<TData>(string definitionId, int version, TData data, string reference, CancellationToken cancellationToken)
        where TData : class, new() =>
        await store.FindWorkflowIdByReferenceAsync(definitionId, reference, cancellationToken)
        ?? await controller.StartWorkflow(definitionId, version, data, reference);
}
