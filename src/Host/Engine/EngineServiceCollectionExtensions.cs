using BatchInfer.Activities;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Engine.Dispatch;
using BatchInfer.Host.Persistence;
using BatchInfer.Host.Workflows;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine;

internal static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The workflow engine with its SQLite store in <paramref name="workDirectory"/>, the steps, the Batch API client,
    /// and the pipeline definition (<paramref name="workflowPath"/>, or workflows/batch-pipeline.yaml; a bad one throws here).
    /// </summary>
    public static IServiceCollection AddBatchInferEngine(this IServiceCollection services, string workDirectory, string? workflowPath = null)
    {
        var databasePath = Path.Combine(workDirectory, StateDatabase.FileName);
        // The definition given, else the version the Studio's designer published last in this directory, else the shipped one.
        var pipeline = services.AddPipelineDefinition(workflowPath ?? PipelineVersions.PublishedPath(workDirectory));
        services.AddSingleton(new PipelineVersions(workDirectory, pipeline));
        services.AddSingleton<PipelineCatalog>();
        services.AddBatchInferActivities(databasePath);
        services.AddBatchApi();
        services.AddDispatchedWorkflow(options =>
        {
            options.UseSqlitePersistence(databasePath);
            // Poll interval and concurrency (docs/engine.md: many instances; sleeping polls hold no slot).
            options.UsePipelineParameters(pipeline.Parameters);
        });
        services.AddSingleton<WorkflowLauncher>();
        services.AddSingleton<IChunkWorkflowLauncher>(sp => sp.GetRequiredService<WorkflowLauncher>());
        services.AddSingleton<TaskService>();
        services.AddSingleton<ITaskCancellation, TaskCancellation>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<ChunkRuns>();
        services.AddSingleton(new TaskInputs(workDirectory));
        services.AddSingleton<TaskPause>();
        services.AddSingleton<TaskApproval>();
        services.AddSingleton<TaskJournal>();
        services.AddSingleton<RecordSearch>();
        services.AddSingleton<StepErrorLog>();
        services.AddSingleton<BuiltInSimulator>();
        services.AddSingleton<PasswordProtector>();
        var keys = Directory.CreateDirectory(Path.Combine(workDirectory, PasswordProtector.KeysDirectory));
        if (!OperatingSystem.IsWindows())
        {
            // The keys decrypt every stored password: owner only, even if the directory was made earlier with a wider mode.
            File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        services.AddDataProtection().SetApplicationName("batch_infer").PersistKeysToFileSystem(keys);
        // Definitions must be registered before the engine starts: hosted services start in order.
        services.AddHostedService<WorkflowDefinitions>();
        services.AddSingleton<IHostedService>(sp => (IHostedService)sp.GetRequiredService<IWorkflowHost>());
        return services;
    }

    private sealed class WorkflowDefinitions(PipelineCatalog catalog, IWorkflowHost host, StepErrorLog errors) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            errors.Attach(host);
            catalog.RegisterAll();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
