using System.Collections.Concurrent;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine;

/// <summary>Unexpected step errors (the workflow is suspended on them), kept so that the command line can report them.</summary>
internal sealed class StepErrorLog
{
    private readonly ConcurrentQueue<string> _errors = new();

    public void Attach(IWorkflowHost host) =>
        host.OnStepError += (workflow, step, exception) =>
            _errors.Enqueue($"step {step.Name ?? step.BodyType?.Name} of workflow {workflow.Reference ?? workflow.Id} failed: {exception.Message}");

    public IReadOnlyCollection<string> Errors => _errors;
}
