using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Persistence;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine;

/// <summary>Starts a workflow instance once per reference: a step that runs again after a crash adopts the instance it started before.</summary>
internal sealed class WorkflowLauncher(IWorkflowController controller, SqlitePersistenceProvider store) : IChunkWorkflowLauncher
{
    public Task<string> EnsureStartedAsync(ChunkWorkflowData data, CancellationToken cancellationToken) =>
        EnsureStartedAsync(ChunkWorkflow.DefinitionId, data, data.Reference, cancellationToken);

    public async Task<string> EnsureStartedAsync<TData>(string definitionId, TData data, string reference, CancellationToken cancellationToken)
        where TData : class, new() =>
        await store.FindWorkflowIdByReferenceAsync(definitionId, reference, cancellationToken)
        ?? await controller.StartWorkflow(definitionId, 1, data, reference);
}
