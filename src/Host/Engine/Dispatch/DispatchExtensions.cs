using BatchInfer.Activities.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowCore.Models;

namespace BatchInfer.Host.Engine.Dispatch;

internal static class DispatchExtensions
{
    /// <summary>The engine's queue, locks and wake-ups from one <see cref="InstanceDispatcher"/>; no search indexing, no lifecycle events.</summary>
    public static WorkflowOptions UseInstanceDispatcher(this WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Services.TryAddSingleton(TimeProvider.System);
        options.Services.AddSingleton<InstanceDispatcher>();
        options.Services.AddSingleton<IWorkflowWaker>(sp => sp.GetRequiredService<InstanceDispatcher>());
        options.UseQueueProvider(sp => sp.GetRequiredService<InstanceDispatcher>());
        options.UseDistributedLockManager(sp => sp.GetRequiredService<InstanceDispatcher>());
        options.EnableIndexes = false;
        // Nothing subscribes to step lifecycle events; publishing them costs a queue hop per step.
        options.EnableLifeCycleEventsPublisher = false;
        return options;
    }
}
