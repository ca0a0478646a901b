using BatchInfer.Activities.State;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Engine;

/// <summary>When the daemon starts: every unfinished task goes on from its stored configuration and protected password.</summary>
internal sealed partial class TaskService
{
    /// <summary>
    /// Every unfinished task whose password can be decrypted goes on; one whose stored configuration is not valid is
    /// marked blocked with the reason instead of running with it. Returns the ids of those resumed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResumeStoredAsync(CancellationToken cancellationToken)
    {
        List<TaskEntity> unfinished;
        await using (var db = database.CreateContext())
        {
            unfinished = await db.Tasks.AsNoTracking().Where(t => t.Phase != TaskPhase.Finished && t.ProtectedPassword != null).ToListAsync(cancellationToken);
        }
        var resumed = new List<string>();
        foreach (var task in unfinished)
        {
            if (passwords.TryUnprotect(task.ProtectedPassword!) is not { } password)
            {
                continue;
            }
            var config = StoredConfig.Read(task.ConfigJson, password);
            if (StoredConfig.Problem(config) is { } problem)
            {
                await steps.BlockAsync(task.TaskId, $"{problem}; run it again under another -task-id", cancellationToken);
                continue;
            }
            if (pipelines.Find(task.DefinitionVersion) is null)
            {
                await steps.BlockAsync(task.TaskId, $"its pipeline definition version {task.DefinitionVersion} ({task.DefinitionSource}) " +
                    "is gone or no longer valid; put the file back and start the daemon again, or run the task again under another -task-id", cancellationToken);
                continue;
            }
            await _gate.WaitAsync(cancellationToken);
            try
            {
                _resumedAtStart[task.TaskId] = true;
                await RunAsync(task.TaskId, config!, cancellationToken, resumedByDaemon: true);
                resumed.Add(task.TaskId);
            }
            finally
            {
                _gate.Release();
            }
        }
        return resumed;
    }
}
