using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BatchInfer.Host.Persistence.Entities;

internal sealed class PersistedEvent
{
    public required string Id { get; set; }
    public required string EventName { get; set; }
    public string? EventKey { get; set; }
    public string? EventData { get; set; }
    public DateTime EventTime { get; set; }
    public bool IsProcessed { get; set; }
}

internal sealed class PersistedEventConfiguration : IEntityTypeConfiguration<PersistedEvent>
{
    public void Configure(EntityTypeBuilder<PersistedEvent> builder)
    {
        builder.ToTable("wf_events");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasColumnName("id");
        builder.Property(x => x.EventName).HasColumnName("event_name");
        builder.Property(x => x.EventKey).HasColumnName("event_key");
        builder.Property(x => x.EventData).HasColumnName("event_data");
        builder.Property(x => x.EventTime).HasColumnName("event_time");
        builder.Property(x => x.IsProcessed).HasColumnName("is_processed");
        builder.HasIndex(x => new { x.EventName, x.EventKey });
        builder.HasIndex(x => new { x.IsProcessed, x.EventTime });
    }
}
