using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BatchInfer.Host.Persistence.Entities;

internal sealed class PersistedError
{
    public long Id { get; set; }
    public string? WorkflowId { get; set; }
    public string? ExecutionPointerId { get; set; }
    public DateTime ErrorTime { get; set; }
    public string? Message { get; set; }
}

internal sealed class PersistedErrorConfiguration : IEntityTypeConfiguration<PersistedError>
{
    public void Configure(EntityTypeBuilder<PersistedError> builder)
    {
        builder.ToTable("wf_errors");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedOnAdd();
        builder.HasIndex(x => x.WorkflowId);
    }
}
