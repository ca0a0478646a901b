using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Services;

namespace BatchInfer.Host.Engine.Dispatch;

/// <summary>
/// Runs an instance's next step at once when the step before it finished, instead of handing the instance back to the
/// engine. WorkflowCore's executor runs one step per pass, and every pass is a save, a release of the lock, a trip through
/// the queue and a load: seven of them per chunk. Chained, a chunk whose steps go through takes one load and one save.
/// Safe because every step decides from the state tables and skips what is done already (docs/engine.md): should the
/// process die before the save, the steps run again and find their work recorded.
/// </summary>
internal sealed class ChainedStepExecutor(WorkflowExecutor executor) : IWorkflowExecutor
{
    // A bound on steps per pass, so that no instance holds a worker for long.
    private const int MaxStepsPerPass = 8;

    public async Task<WorkflowExecutorResult> Execute(WorkflowInstance workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var result = await executor.Execute(workflow, cancellationToken);
        for (var pass = 1; pass < MaxStepsPerPass && CanGoOn(workflow, result, cancellationToken); pass++)
        {
            var next = await executor.Execute(workflow, cancellationToken);
            result.Errors.AddRange(next.Errors);
            result.Subscriptions.AddRange(next.Subscriptions);
        }
        return result;
    }

    // NextExecution 0 means a step is ready now (the previous one went on); a sleep, an error or the end stops the chain.
    private static bool CanGoOn(WorkflowInstance workflow, WorkflowExecutorResult result, CancellationToken cancellationToken) =>
        workflow.Status == WorkflowStatus.Runnable
        && workflow.NextExecution == 0
        && result.Errors.Count == 0
        && result.Subscriptions.Count == 0
        && !cancellationToken.IsCancellationRequested;
}
