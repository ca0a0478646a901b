using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

internal static class SampleWorkflows
{
    public static readonly Guid KnownGuid = Guid.Parse("6f1c2a9e-3b1d-4c55-9a0e-1d2f3a4b5c6d");

    /// <summary>A workflow that uses every persisted field, with awkward values in the object-typed slots.</summary>
    public static WorkflowInstance Rich(DateTime now, string reference = "task-1")
    {
        var workflow = new WorkflowInstance
        {
            WorkflowDefinitionId = "batch-task",
            Version = 3,
            Description = "one task",
            Reference = reference,
            Status = WorkflowStatus.Runnable,
            NextExecution = now.Ticks,
            CreateTime = now.AddMinutes(-5),
            Data = new SampleData
            {
                Name = "gsm8k",
                Counter = 7,
                Items = ["a", "b"],
                Bag =
                {
                    ["count"] = 3,
                    ["when"] = now,
                    ["id"] = KnownGuid,
                    ["price"] = 0.1000000000000000000000000001m,
                    ["kind"] = SampleKind.Chunk,
                    ["looks-like-a-date"] = "2024-01-01T00:00:00Z",
                    ["numbers"] = new List<int> { 1, 2 },
                    ["nothing"] = null,
                },
                Last = new PollState(2, "batch_1"),
            },
        };
        workflow.ExecutionPointers.Add(new ExecutionPointer
        {
            Id = "p0",
            StepId = 0,
            StepName = "SplitInput",
            Active = false,
            Status = PointerStatus.Complete,
            StartTime = now.AddMinutes(-4),
            EndTime = now.AddMinutes(-3),
            Children = ["p1"],
            Outcome = 5,
        });
        workflow.ExecutionPointers.Add(new ExecutionPointer
        {
            Id = "p1",
            StepId = 1,
            StepName = "PollChunk",
            Active = true,
            Status = PointerStatus.Sleeping,
            PredecessorId = "p0",
            SleepUntil = now.AddSeconds(10),
            PersistenceData = new PollState(4, "batch_9"),
            RetryCount = 1,
            EventName = "chunk-done",
            EventKey = "c1",
            EventPublished = true,
            EventData = KnownGuid,
            ContextItem = "chunk-0001",
            Scope = new List<string> { "p0" },
            ExtensionAttributes = { ["attempt"] = 2, ["since"] = TimeSpan.FromSeconds(90) },
        });
        return workflow;
    }
}
