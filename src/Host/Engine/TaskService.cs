using System.Collections.Concurrent;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Persistence;
using BatchInfer.Host.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Host.Engine;

/// <summary>
/// What the API asks of the engine: start a task, or resume it when the same command comes again; and, when the
/// daemon starts, resume every unfinished task from its stored configuration and protected password.
/// </summary>
internal sealed partial class TaskService(
    StateDatabase database,
    TaskRuntimeRegistry runtimes,
    IBatchApiFactory apiFactory,
    WorkflowLauncher launcher,
    IWorkflowController controller,
    SqlitePersistenceProvider store,
    FairScheduler scheduler,
    PasswordProtector passwords,
    BuiltInSimulator simulator,
    StepErrorLog errors,
    StepServices steps,
    PipelineCatalog pipelines,
    TimeProvider time) : IDisposable
{
    // One start at a time: two requests for the same task must not both start its workflow.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    // Tasks this daemon resumed by itself at start, which no command was following then.
    private readonly ConcurrentDictionary<string, bool> _resumedAtStart = new(StringComparer.Ordinal);

    public void Dispose() => _gate.Dispose();

    /// <exception cref="InvalidConfigException">the configuration breaks a rule; nothing was created.</exception>
    /// <exception cref="TaskConflictException">the task id is taken by another or a finished task.</exception>
    public async Task<TaskEntity> StartOrResumeAsync(string taskId, string inputPath, BatchInferConfig config, CancellationToken cancellationToken)
    {
        if (BatchInferConfigValidator.Problems(config) is { Count: > 0 } problems)
        {
            throw new InvalidConfigException(problems);
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await StartOrResumeCoreAsync(taskId, inputPath, config, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TaskEntity> StartOrResumeCoreAsync(string taskId, string inputPath, BatchInferConfig config, CancellationToken cancellationToken)
    {
        // The state file lives in the working directory; a host in a test or a daemon need not run from there.
        var layout = new TaskLayout(Path.GetDirectoryName(database.Path)!, taskId);
        var inputFingerprint = Fingerprint.OfInput(inputPath);
        var configJson = Fingerprint.RedactedJson(config);
        var configFingerprint = Fingerprint.OfConfig(configJson);

        await using var db = database.CreateContext();
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.TaskId == taskId, cancellationToken);
        if (task is null)
        {
            if (Directory.Exists(layout.ChunksDirectory) || Directory.Exists(layout.MergedDirectory))
            {
                throw new TaskConflictException(
                    $"task {taskId} already exists: chunks/{taskId} or merged/{taskId} is there, but the state file has no record of it. " +
                    $"Use another -task-id, or remove chunks/{taskId} and merged/{taskId} to start over.");
            }
            var now = time.GetUtcNow();
            task = new TaskEntity
            {
                TaskId = taskId,
                InputPath = Path.GetFullPath(inputPath),
                InputFingerprint = inputFingerprint,
                ConfigJson = configJson,
                ConfigFingerprint = configFingerprint,
                CreatedAt = now,
                UpdatedAt = now,
                // The task keeps this version to its end, across daemon restarts and versions published later.
                DefinitionVersion = pipelines.Published.Number,
                DefinitionSource = pipelines.Published.Path,
            };
            db.Tasks.Add(task);
        }
        else if (FinishedWhileUnwatched(task, inputFingerprint, configFingerprint))
        {
            // The command that started it died with the daemon; the daemon came back, resumed and finished the task
            // on its own. The same command again is that command's follow-up: it gets the result, not a refusal.
            return task;
        }
        else
        {
            EnsureSameTask(task, inputFingerprint, configFingerprint);
            // A new attempt: whatever blocked the last one (a refused credential, say) may be fixed now.
            task.BlockedReason = null;
            errors.Clear(taskId);
        }
        // Saved with the row itself, so a daemon killed right after can resume the task; the password may also
        // have changed since the task started, and the latest one is what a restart must use.
        task.ProtectedPassword = passwords.Protect(config.Model.Password);
        await db.SaveChangesAsync(cancellationToken);
        await RunAsync(taskId, config, cancellationToken);
        return task;
    }

    /// <param name="resumedByDaemon">the daemon resumes the task by itself as it starts: the journal says so</param>
    private async Task RunAsync(string taskId, BatchInferConfig config, CancellationToken cancellationToken, bool resumedByDaemon = false)
    {
        await using var db = database.CreateContext();
        var task = await db.Tasks.SingleAsync(t => t.TaskId == taskId, cancellationToken);
        var layout = new TaskLayout(Path.GetDirectoryName(database.Path)!, taskId);
        var profile = ProviderProfile.Find(config.Model.Provider) ?? ProviderProfile.Spark;
        var baseUrl = config.Model.UsesSimulator ? await simulator.BaseUrlAsync(cancellationToken) : config.Model.BaseUrl;
        var endpoint = new BatchEndpoint(baseUrl, config.Model.Password, profile.Name);
        var runtime = new TaskRuntime(taskId, task.InputPath, config, profile, layout, apiFactory.Create(endpoint)) { EndpointKey = EndpointKey.For(endpoint) };
        runtimes.Register(runtime);
        scheduler.Claim(runtime.EndpointKey, taskId);

        var data = new TaskWorkflowData { TaskId = taskId, RetryRound = task.RetryRound };
        task.WorkflowId ??= await launcher.EnsureStartedAsync(TaskWorkflow.DefinitionId, task.DefinitionVersion, data, data.Reference, cancellationToken);
        if (resumedByDaemon)
        {
            steps.Journal(db, task, JournalKinds.DaemonResumed, "the daemon started again and resumed the task");
        }
        await db.SaveChangesAsync(cancellationToken);
        await ResumeSuspendedAsync(db, task, cancellationToken);
    }

    private bool FinishedWhileUnwatched(TaskEntity task, string inputFingerprint, string configFingerprint) =>
        task.Phase == TaskPhase.Finished && task.FinishedAt >= _startedAt
        && task.InputFingerprint == inputFingerprint && task.ConfigFingerprint == configFingerprint
        && _resumedAtStart.ContainsKey(task.TaskId);

    private static void EnsureSameTask(TaskEntity task, string inputFingerprint, string configFingerprint)
    {
        if (task.Phase == TaskPhase.Finished)
        {
            throw new TaskConflictException(
                $"task {task.TaskId} already exists and finished at {task.FinishedAt:u}; its results are in merged/{task.TaskId}/. " +
                "Use another -task-id to run again.");
        }
        if (task.InputFingerprint != inputFingerprint)
        {
            throw new TaskConflictException(
                $"task {task.TaskId} already exists with another input ({task.InputPath}). " +
                "Resume it with that same file, or use another -task-id.");
        }
        if (task.ConfigFingerprint != configFingerprint)
        {
            throw new TaskConflictException(
                $"task {task.TaskId} already exists with another configuration. " +
                "Resume it with the configuration it was started with (the password may change), or use another -task-id.");
        }
    }

    /// <summary>A step that hit an unexpected error suspends its workflow; the same command again gives it another go.</summary>
    private async Task ResumeSuspendedAsync(StateDbContext db, TaskEntity task, CancellationToken cancellationToken)
    {
        var ids = await db.Chunks.Where(c => c.TaskId == task.TaskId && c.WorkflowId != null && c.Phase != ChunkPhase.Collected)
            .Select(c => c.WorkflowId!)
            .ToListAsync(cancellationToken);
        ids.Add(task.WorkflowId!);
        foreach (var instance in await store.GetWorkflowInstances(ids, cancellationToken))
        {
            if (instance.Status == WorkflowStatus.Suspended)
            {
                await controller.ResumeWorkflow(instance.Id);
            }
        }
    }
}
