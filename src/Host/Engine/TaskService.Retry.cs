using BatchInfer.Activities.State;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Host.Engine;

/// <summary>An operator's retry of a finished task's failed and missing records, as one more round (docs/engine.md, "Retrying a finished task").</summary>
internal sealed partial class TaskService
{
    /// <summary>
    /// Reopens a task that finished with failed or missing records: tasks.RetryRound names the round they are sent again in,
    /// and a new instance of the task workflow opens it (its retry-failed step), runs it and merges again. The request
    /// commits before the instance starts; a daemon that dies between the two starts it when it resumes the task.
    /// </summary>
    public async Task<ControlResult> RetryFailedAsync(string taskId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await RetryFailedCoreAsync(taskId, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ControlResult> RetryFailedCoreAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        // Under the gate, and no step changes a finished task: nothing moves between this read and the save.
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.TaskId == taskId, cancellationToken);
        if (task is null)
        {
            return ControlResult.UnknownTask;
        }
        if (RetryProblem(task) is { } problem)
        {
            return ControlResult.Conflict(problem);
        }
        if (task.ProtectedPassword is null || passwords.TryUnprotect(task.ProtectedPassword) is not { } password)
        {
            return ControlResult.Conflict($"task {taskId} cannot be retried: its stored password cannot be decrypted with the keys in " +
                $"{PasswordProtector.KeysDirectory}/ (they were replaced or lost). Its results stay in merged/{taskId}/.");
        }
        var config = StoredConfig.Read(task.ConfigJson, password);
        if (StoredConfig.Problem(config) is { } configProblem)
        {
            return ControlResult.Conflict($"task {taskId} cannot be retried: {configProblem}. Its results stay in merged/{taskId}/.");
        }
        if (!await EndFinishedInstanceAsync(task, cancellationToken))
        {
            return ControlResult.Conflict($"task {taskId} is still finishing; run -retry {taskId} again in a moment.");
        }

        steps.Journal(db, task, JournalKinds.RetryFailed,
            $"retry requested: {task.FailedFinal} failed and {task.Missing} missing records are sent again in round {task.CurrentRound + 1}");
        task.RetryRound = task.CurrentRound + 1;
        task.Phase = TaskPhase.Running;
        task.Outcome = TaskOutcome.None;
        task.FinishedAt = null;
        task.WorkflowId = null;
        task.BlockedReason = null;
        await steps.SaveAsync(db, task, cancellationToken);
        errors.Clear(taskId);
        await RunAsync(taskId, config!, cancellationToken);
        return ControlResult.Done;
    }

    private static string? RetryProblem(TaskEntity task) => task switch
    {
        { Phase: not TaskPhase.Finished } =>
            $"task {task.TaskId} has not finished yet; -retry sends again the records a finished task ended with failed or missing. " +
            $"Wait until it finishes (batch_infer -monitor {task.TaskId}).",
        { Outcome: TaskOutcome.Cancelled } =>
            $"task {task.TaskId} was cancelled, so it is not reopened; its results are in merged/{task.TaskId}/. " +
            "Send the records of missing_records.jsonl as a new task to have them answered.",
        { FailedFinal: 0, Missing: 0 } =>
            $"task {task.TaskId} has no failed or missing records to retry" +
            (task.InvalidRecords > 0 ? $"; its {task.InvalidRecords} invalid input lines (merged/{task.TaskId}/invalid_input.jsonl) were never sent: fix them and run them as a new task." : "."),
        _ => null,
    };

    /// <summary>
    /// The finished instance must have ended, or it would merge again in the middle of the retry round: one that a crash
    /// left before the engine saved its end (the task's row committed) is terminated. False while it is still running.
    /// </summary>
    private async Task<bool> EndFinishedInstanceAsync(TaskEntity task, CancellationToken cancellationToken)
    {
        if (task.WorkflowId is null || (await store.GetWorkflowInstances([task.WorkflowId], cancellationToken)).SingleOrDefault() is not { } instance
            || instance.Status is WorkflowStatus.Complete or WorkflowStatus.Terminated)
        {
            return true;
        }
        return await controller.TerminateWorkflow(instance.Id);
    }
}
