using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BatchInfer.Host.Persistence.Entities;

internal sealed class PersistedSubscription
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
        builder.Property(x => x.Id).HasColumnName("id");
        builder.Property(x => x.WorkflowId).HasColumnName("workflow_id");
        builder.Property(x => x.StepId).HasColumnName("step_id");
        builder.Property(x => x.ExecutionPointerId).HasColumnName("execution_pointer_id");
        builder.Property(x => x.EventName).HasColumnName("event_name");
        builder.Property(x => x.EventKey).HasColumnName("event_key");
        builder.Property(x => x.SubscribeAsOf).HasColumnName("subscribe_as_of");
        builder.Property(x => x.SubscriptionData).HasColumnName("subscription_data");
        builder.Property(x => x.ExternalToken).HasColumnName("external_token");
        builder.Property(x => x.ExternalWorkerId).HasColumnName("external_worker_id");
        builder.Property(x => x.ExternalTokenExpiry).HasColumnName("external_token_expiry");
        builder.HasIndex(x => new { x.EventName, x.EventKey });
        builder.HasIndex(x => x.WorkflowId);
    }
}
