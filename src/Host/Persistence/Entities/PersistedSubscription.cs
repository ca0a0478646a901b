using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BatchInfer.Host.Persistence.Entities;

internal sealed class PersistedSubscription : IPersistedWithId
{
    public required string Id { get; set; }
    public required string WorkflowId { get; set; }
    public int StepId { get; set; }
    public string? ExecutionPointerId { get; set; }
    public required string EventName { get; set; }
    public string? EventKey { get; set; }
    public DateTime SubscribeAsOf { get; set; }
    public string? SubscriptionData { get; set; }
    public string? ExternalToken { get; set; }
    public string? ExternalWorkerId { get; set; }
    public DateTime? ExternalTokenExpiry { get; set; }
}

internal sealed class PersistedSubscriptionConfiguration : IEntityTypeConfiguration<PersistedSubscription>
{
    public void Configure(EntityTypeBuilder<PersistedSubscription> builder)
    {
        builder.ToTable("wf_subscriptions");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.EventName, x.EventKey });
        builder.HasIndex(x => x.WorkflowId);
    }
}
