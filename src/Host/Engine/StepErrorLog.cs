using System.Collections.Concurrent;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine;

/// <summary>Unexpected step errors (the workflow is suspended on them), by task, so that the API can report them.</summary>
internal sealed class StepErrorLog
{
    private readonly ConcurrentDictionary<string, string> _lastByTask = new(StringComparer.Ordinal);

    public void Attach(IWorkflowHost host) =>
        host.OnStepError += (workflow, step, exception) =>
            _lastByTask[TaskOf(workflow.Reference)] =
                $"step {step.Name ?? step.BodyType?.Name} of workflow {workflow.Reference ?? workflow.Id} failed: {exception.Message}";

    public string? LastFor(string taskId) => _lastByTask.GetValueOrDefault(taskId);

    /// <summary>A new attempt resumes the suspended workflows: the old error no longer describes the task.</summary>
    public void Clear(string taskId) => _lastByTask.TryRemove(taskId, out _);

    // Task workflows are referenced by the task id, chunk workflows by "task/rN/cM".
    private static string TaskOf(string? reference) =>
        reference is null ? "" : reference.Split('/')[0];
}
