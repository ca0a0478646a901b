using BatchInfer.Activities.State;
using BatchInfer.Activities.Steps;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Engine;

/// <summary>
/// Pauses and resumes the creation of a task's batches (tasks.Paused). While paused, its chunks wait before their create
/// call, holding no batch slot; batches already created are polled and downloaded as usual. The flag is on the task's
/// row, so a pause outlives the daemon.
/// </summary>
internal sealed class TaskPause(StateDatabase database, StepServices steps, IWorkflowWaker waker)
{
    public Task<ControlResult> PauseAsync(string taskId, CancellationToken cancellationToken) =>
        SetAsync(taskId, paused: true, cancellationToken);

    public Task<ControlResult> ResumeAsync(string taskId, CancellationToken cancellationToken) =>
        SetAsync(taskId, paused: false, cancellationToken);

    private async Task<ControlResult> SetAsync(string taskId, bool paused, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.TaskId == taskId, cancellationToken);
        if (task is null)
        {
            return ControlResult.UnknownTask;
        }
        if (Problem(task, paused) is { } problem)
        {
            return ControlResult.Conflict(problem);
        }
        if (task.Paused == paused)
        {
            return ControlResult.Done;
        }
        // Only this column is written (EF saves what changed), so a step saving the same row meanwhile loses nothing.
        task.Paused = paused;
        steps.Journal(db, task, paused ? JournalKinds.Pause : JournalKinds.Resume,
            paused ? "paused: no new batches are created; created ones go on" : "resumed: batches are created again");
        await steps.SaveAsync(db, task, cancellationToken);
        if (!paused)
        {
            await WakeHeldChunksAsync(db, taskId, cancellationToken);
        }
        return ControlResult.Done;
    }

    private static string? Problem(TaskEntity task, bool pause) => task switch
    {
        { Phase: TaskPhase.Finished } =>
            $"task {task.TaskId} has already finished; there are no batches to {(pause ? "hold back" : "resume")}. Its results are in merged/{task.TaskId}/.",
        { CancelRequested: true } when pause =>
            $"task {task.TaskId} is being cancelled; it creates no new batches anyway.",
        _ => null,
    };

    // The chunks held back sleep in their submit step with their file uploaded; the rest will read the flag when they get there.
    private async Task WakeHeldChunksAsync(StateDbContext db, string taskId, CancellationToken cancellationToken)
    {
        var held = await db.Chunks.Where(c => c.TaskId == taskId && c.Phase == ChunkPhase.Uploaded && c.WorkflowId != null)
            .Select(c => c.WorkflowId!).ToListAsync(cancellationToken);
        foreach (var workflowId in held)
        {
            waker.Wake(workflowId);
        }
    }
}
