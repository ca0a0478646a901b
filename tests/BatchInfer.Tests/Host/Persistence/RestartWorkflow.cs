using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>Which engine host a step runs in, and whether that host may let the first step finish.</summary>
public sealed record EngineGate(string HostName, bool ReleaseFirstStep);

public sealed class RestartData
{
    public List<string> Visits { get; set; } = [];
}

/// <summary>Two steps; the first polls by sleeping with its attempt number as persistence data.</summary>
public sealed class RestartWorkflow : IWorkflow<RestartData>
{
    public const string Name = "persistence-restart-test";

    public string Id => Name;

    public int Version => 1;

    public void Build(IWorkflowBuilder<RestartData> builder) =>
        builder
            .UseDefaultErrorBehavior(WorkflowErrorHandling.Suspend)
            .StartWith<CountUp>()
            .Then<Finish>();
}

public sealed class CountUp(EngineGate gate) : StepBody
{
    public const int Attempts = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public override ExecutionResult Run(IStepExecutionContext context)
    {
        var attempt = context.PersistenceData is PollState state ? state.Attempt : 0;
        if (attempt >= Attempts && !gate.ReleaseFirstStep)
        {
            // Held here, without touching the data, until a host that may release it takes over.
            return ExecutionResult.Sleep(Interval, new PollState(attempt, null));
        }

        ((RestartData)context.Workflow.Data).Visits.Add($"{gate.HostName}:{attempt}");
        return attempt < Attempts
            ? ExecutionResult.Sleep(Interval, new PollState(attempt + 1, null))
            : ExecutionResult.Next();
    }
}

public sealed class Finish(EngineGate gate) : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        ((RestartData)context.Workflow.Data).Visits.Add($"{gate.HostName}:finish");
        return ExecutionResult.Next();
    }
}
