using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>
/// What WorkflowCore expects of any IPersistenceProvider, in the spirit of workflow-core's
/// BasePersistenceFixture. Run against WorkflowCore's own MemoryPersistenceProvider too, which
/// shows the facts are the engine's expectations and not just what our store happens to do.
/// </summary>
public abstract partial class PersistenceProviderContract
{
    protected static readonly DateTime Now = new(2030, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private protected abstract IPersistenceProvider Subject { get; }

    private protected abstract Task<IReadOnlyList<ExecutionError>> ReadErrorsAsync(string workflowId);

    [Fact]
    public async Task CreateNewWorkflow_NewInstance_AssignsIdToInstanceAndReturnsIt()
    {
        var workflow = SampleWorkflows.Rich(Now);

        var id = await Subject.CreateNewWorkflow(workflow);

        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(id, workflow.Id);
    }

    [Fact]
    public async Task GetWorkflowInstance_AfterCreate_RoundTripsScalarsPointersAndDataExactly()
    {
        var workflow = SampleWorkflows.Rich(Now);
        var id = await Subject.CreateNewWorkflow(workflow);

        var stored = await Subject.GetWorkflowInstance(id);

        StateAssert.Same(workflow, stored, "workflow");
    }

    [Fact]
    public async Task GetWorkflowInstance_UnknownId_ReturnsNull()
    {
        await Subject.CreateNewWorkflow(SampleWorkflows.Rich(Now));

        Assert.Null(await Subject.GetWorkflowInstance(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task PersistWorkflow_ChangedInstance_StoresTheNewState()
    {
        var id = await Subject.CreateNewWorkflow(SampleWorkflows.Rich(Now));
        var changed = SampleWorkflows.Rich(Now);
        changed.Id = id;
        changed.Status = WorkflowStatus.Complete;
        changed.CompleteTime = Now.AddMinutes(1);
        changed.NextExecution = null;
        ((SampleData)changed.Data).Counter = 8;
        changed.ExecutionPointers.Add(new ExecutionPointer
        {
            Id = "p2", StepId = 2, Active = true, PersistenceData = new PollState(0, null), Outcome = SampleKind.Task,
        });

        await Subject.PersistWorkflow(changed);

        StateAssert.Same(changed, await Subject.GetWorkflowInstance(id), "workflow");
    }

    [Fact]
    public async Task GetWorkflowInstances_SomeIds_ReturnsExactlyThoseInstances()
    {
        var first = await Subject.CreateNewWorkflow(SampleWorkflows.Rich(Now, "a"));
        await Subject.CreateNewWorkflow(SampleWorkflows.Rich(Now, "b"));
        var third = await Subject.CreateNewWorkflow(SampleWorkflows.Rich(Now, "c"));

        var found = await Subject.GetWorkflowInstances([first, third]);

        Assert.Equal(["a", "c"], found.Select(x => x.Reference).Order());
    }

    [Fact]
    public async Task GetRunnableInstances_DueFutureAndUnscheduled_ReturnsOnlyThoseDueByAsAt()
    {
        var overdue = await CreateRunnable(Now.AddSeconds(-1).Ticks);
        var dueNow = await CreateRunnable(Now.Ticks);
        await CreateRunnable(Now.AddMinutes(1).Ticks);
        await CreateRunnable(null);

        var runnable = await Subject.GetRunnableInstances(Now);

        Assert.Equal(new[] { overdue, dueNow }.Order(), runnable.Order());
    }

    [Fact]
    public async Task PersistErrors_TwoErrors_AreStoredForTheirWorkflow()
    {
        var id = await Subject.CreateNewWorkflow(SampleWorkflows.Rich(Now));
        ExecutionError[] errors =
        [
            new() { WorkflowId = id, ExecutionPointerId = "p1", ErrorTime = Now, Message = "429 from provider" },
            new() { WorkflowId = id, ExecutionPointerId = "p1", ErrorTime = Now.AddSeconds(5), Message = "timeout" },
        ];

        await Subject.PersistErrors(errors);

        StateAssert.Same(errors.ToList(), (await ReadErrorsAsync(id)).OrderBy(x => x.ErrorTime).ToList(), "errors");
    }

    private Task<string> CreateRunnable(long? nextExecution)
    {
        var workflow = SampleWorkflows.Rich(Now);
        workflow.NextExecution = nextExecution;
        return Subject.CreateNewWorkflow(workflow);
    }
}
