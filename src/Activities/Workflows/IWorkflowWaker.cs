namespace BatchInfer.Activities.Workflows;

/// <summary>
/// Wakes a workflow instance whose step sleeps: its sleep is cut short and the step runs again at once, deciding
/// afresh from the state tables. A step's own sleep is only the backstop for a wake-up lost in a crash (docs/engine.md).
/// </summary>
public interface IWorkflowWaker
{
    void Wake(string workflowId);
}
