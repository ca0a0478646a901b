using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BatchInfer.Host.Persistence.Entities;

internal sealed class PersistedEvent : IPersistedWithId
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
        builder.HasIndex(x => new { x.EventName, x.EventKey });
        builder.HasIndex(x => new { x.IsProcessed, x.EventTime });
    }
}
