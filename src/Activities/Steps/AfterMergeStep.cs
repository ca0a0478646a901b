using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// The frame of the optional steps after the merge (notify, run-command). The task has finished, so a daemon that
/// restarts does not resume it and registers no runtime: these steps need only its row and its folders. Each does its
/// thing once per merge: the journal entry it writes, for the task's last round, is the record that it is done, saved
/// before the step returns, so an instance that runs the step again after a crash finds it and goes on.
/// </summary>
public abstract class AfterMergeStep(StepServices services, string journalKind) : StepBodyAsync
{
    protected StepServices Services { get; } = services;

    public sealed override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var data = (TaskWorkflowData)context.Workflow.Data;
        using var logScope = StepLog.Scope(Services.Logger, data.TaskId, round: null, chunk: null);
        await using var db = Services.Database.CreateContext();
        var task = await db.Tasks.SingleAsync(t => t.TaskId == data.TaskId, context.CancellationToken);
        if (await db.Journal.AnyAsync(j => j.TaskId == task.TaskId && j.Kind == journalKind && j.Round == task.CurrentRound, context.CancellationToken))
        {
            return ExecutionResult.Next();
        }
        var layout = new TaskLayout(Path.GetDirectoryName(Services.Database.Path)!, task.TaskId);
        var message = await RunOnceAsync(db, task, layout, context.CancellationToken);
        Services.Journal(db, task, journalKind, message);
        await Services.SaveAsync(db, task, context.CancellationToken);
        return ExecutionResult.Next();
    }

    /// <summary>Does the step's work; returns what the journal says about it. A failure is told, not thrown: the task's outcome stands.</summary>
    protected abstract Task<string> RunOnceAsync(StateDbContext db, TaskEntity task, TaskLayout layout, CancellationToken cancellationToken);
}
