using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BatchInfer.Host.Persistence.Entities;

internal sealed class PersistedScheduledCommand
{
    public long Id { get; set; }
    public required string CommandName { get; set; }
    public required string Data { get; set; }
    public long ExecuteTime { get; set; }
}

internal sealed class PersistedScheduledCommandConfiguration : IEntityTypeConfiguration<PersistedScheduledCommand>
{
    public void Configure(EntityTypeBuilder<PersistedScheduledCommand> builder)
    {
        builder.ToTable("wf_scheduled_commands");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedOnAdd();
        builder.HasIndex(x => new { x.CommandName, x.Data }).IsUnique();
        builder.HasIndex(x => x.ExecuteTime);
    }
}
