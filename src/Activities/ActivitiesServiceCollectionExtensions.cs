using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BatchInfer.Activities;

public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>The workflow steps and what they share. The host adds the engine, the launcher and the Batch API factory.</summary>
    public static IServiceCollection AddBatchInferActivities(this IServiceCollection services, string stateDatabasePath)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ =>
        {
            var database = new StateDatabase(stateDatabasePath);
            database.EnsureSchema();
            return database;
        });
        services.AddSingleton(sp => new TaskRuntimeRegistry(sp.GetService<IWorkflowWaker>()));
        services.AddSingleton<TaskChangeFeed>();
        services.AddSingleton<StepServices>();
        // A pipeline definition registered before or after (AddPipelineDefinition) replaces the built-in one.
        services.TryAddSingleton(PipelineDefinition.Default);
        services.TryAddSingleton(sp => sp.GetRequiredService<PipelineDefinition>().Parameters);
        services.TryAddSingleton(sp => sp.GetRequiredService<PipelineParameters>().ToSchedulerOptions());
        services.AddSingleton(sp => new FairScheduler(
            sp.GetRequiredService<SchedulerOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            BatchSlotRecovery.InFlight(sp.GetRequiredService<StateDatabase>()),
            sp.GetService<IWorkflowWaker>()));
        services.AddTransient<SplitInput>();
        services.AddTransient<RunRound>();
        services.AddTransient<RetryFailed>();
        services.AddTransient<MergeResults>();
        services.AddTransient<UploadChunk>();
        services.AddTransient<SubmitBatch>();
        services.AddTransient<PollBatch>();
        services.AddTransient<DownloadResults>();
        services.AddTransient<AwaitApproval>();
        services.AddTransient<Notify>();
        services.AddTransient<RunCommand>();
        services.AddHttpClient(Notify.HttpClientName).RemoveAllLoggers();
        return services;
    }
}
