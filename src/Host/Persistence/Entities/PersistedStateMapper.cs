using BatchInfer.Host.Persistence.Serialization;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence.Entities;

/// <summary>Between the engine's models and our rows; times go in as UTC (see <see cref="UtcDateTimeConverter"/>).</summary>
internal static class PersistedStateMapper
{
    public static PersistedWorkflow ToPersisted(this WorkflowInstance workflow) => new()
    {
        Id = workflow.Id,
        DefinitionId = workflow.WorkflowDefinitionId,
        Version = workflow.Version,
        Description = workflow.Description,
        Reference = workflow.Reference,
        Status = workflow.Status,
        NextExecution = workflow.NextExecution,
        CreateTime = workflow.CreateTime,
        CompleteTime = workflow.CompleteTime,
        Data = WorkflowStateSerializer.SerializeObject(workflow.Data),
        ExecutionPointers = WorkflowStateSerializer.SerializePointers(workflow.ExecutionPointers),
    };

    public static WorkflowInstance ToWorkflowInstance(this PersistedWorkflow row) => new()
    {
        Id = row.Id,
        WorkflowDefinitionId = row.DefinitionId,
        Version = row.Version,
        Description = row.Description,
        Reference = row.Reference,
        Status = row.Status,
        NextExecution = row.NextExecution,
        CreateTime = row.CreateTime,
        CompleteTime = row.CompleteTime,
        Data = WorkflowStateSerializer.DeserializeObject(row.Data),
        ExecutionPointers = WorkflowStateSerializer.DeserializePointers(row.ExecutionPointers),
    };

    public static PersistedEvent ToPersisted(this Event newEvent) => new()
    {
        Id = newEvent.Id,
        EventName = newEvent.EventName,
        EventKey = newEvent.EventKey,
        EventData = WorkflowStateSerializer.SerializeObject(newEvent.EventData),
        EventTime = newEvent.EventTime,
        IsProcessed = newEvent.IsProcessed,
    };

    public static Event ToEvent(this PersistedEvent row) => new()
    {
        Id = row.Id,
        EventName = row.EventName,
        EventKey = row.EventKey,
        EventData = WorkflowStateSerializer.DeserializeObject(row.EventData),
        EventTime = row.EventTime,
        IsProcessed = row.IsProcessed,
    };

    public static PersistedSubscription ToPersisted(this EventSubscription subscription) => new()
    {
        Id = subscription.Id,
        WorkflowId = subscription.WorkflowId,
        StepId = subscription.StepId,
        ExecutionPointerId = subscription.ExecutionPointerId,
        EventName = subscription.EventName,
        EventKey = subscription.EventKey,
        SubscribeAsOf = subscription.SubscribeAsOf,
        SubscriptionData = WorkflowStateSerializer.SerializeObject(subscription.SubscriptionData),
        ExternalToken = subscription.ExternalToken,
        ExternalWorkerId = subscription.ExternalWorkerId,
        ExternalTokenExpiry = subscription.ExternalTokenExpiry,
    };

    public static EventSubscription ToEventSubscription(this PersistedSubscription row) => new()
    {
        Id = row.Id,
        WorkflowId = row.WorkflowId,
        StepId = row.StepId,
        ExecutionPointerId = row.ExecutionPointerId,
        EventName = row.EventName,
        EventKey = row.EventKey,
        SubscribeAsOf = row.SubscribeAsOf,
        SubscriptionData = WorkflowStateSerializer.DeserializeObject(row.SubscriptionData),
        ExternalToken = row.ExternalToken,
        ExternalWorkerId = row.ExternalWorkerId,
        ExternalTokenExpiry = row.ExternalTokenExpiry,
    };

    public static PersistedError ToPersisted(this ExecutionError error) => new()
    {
        WorkflowId = error.WorkflowId,
        ExecutionPointerId = error.ExecutionPointerId,
        ErrorTime = error.ErrorTime,
        Message = error.Message,
    };

    public static ExecutionError ToExecutionError(this PersistedError row) => new()
    {
        WorkflowId = row.WorkflowId,
        ExecutionPointerId = row.ExecutionPointerId,
        ErrorTime = row.ErrorTime,
        Message = row.Message,
    };
}
