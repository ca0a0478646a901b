using BatchInfer.Activities.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Services;

namespace BatchInfer.Host.Engine.Dispatch;

internal static class DispatchExtensions
{
    /// <summary>
    /// WorkflowCore with the engine's queue, locks and wake-ups from one <see cref="InstanceDispatcher"/>, its clock
    /// from the registered <see cref="TimeProvider"/>, steps that follow each other run in one pass
    /// (<see cref="ChainedStepExecutor"/>); no search indexing, no lifecycle events.
    /// </summary>
    public static IServiceCollection AddDispatchedWorkflow(this IServiceCollection services, Action<WorkflowOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InstanceDispatcher>();
        services.AddSingleton<IWorkflowWaker>(sp => sp.GetRequiredService<InstanceDispatcher>());
        services.AddWorkflow(options =>
        {
            configure(options);
            options.UseQueueProvider(sp => sp.GetRequiredService<InstanceDispatcher>());
            options.UseDistributedLockManager(sp => sp.GetRequiredService<InstanceDispatcher>());
            options.EnableIndexes = false;
            // Nothing subscribes to step lifecycle events; publishing them costs a queue hop per step.
            options.EnableLifeCycleEventsPublisher = false;
        });
        // AddWorkflow registers its own clock and executor after running the options above; these replace them.
        services.Replace(ServiceDescriptor.Singleton<IDateTimeProvider, EngineClock>());
        services.AddTransient<WorkflowExecutor>();
        services.Replace(ServiceDescriptor.Transient<IWorkflowExecutor, ChainedStepExecutor>());
        return services;
    }
}
