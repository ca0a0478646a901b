using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence.Entities;

/// <summary>One row per workflow instance; pointers and data are JSON because the engine always loads them whole.</summary>
internal sealed class PersistedWorkflow
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public string? Description { get; set; }
    public string? Reference { get; set; }
    public WorkflowStatus Status { get; set; }
    public long? NextExecution { get; set; }
    public DateTime CreateTime { get; set; }
    public DateTime? CompleteTime { get; set; }
    public string? Data { get; set; }
    public required string ExecutionPointers { get; set; }
}

internal sealed class PersistedWorkflowConfiguration : IEntityTypeConfiguration<PersistedWorkflow>
{
    public void Configure(EntityTypeBuilder<PersistedWorkflow> builder)
    {
        builder.ToTable("wf_workflows");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasColumnName("id");
        builder.Property(x => x.DefinitionId).HasColumnName("definition_id");
        builder.Property(x => x.Version).HasColumnName("version");
        builder.Property(x => x.Description).HasColumnName("description");
        builder.Property(x => x.Reference).HasColumnName("reference");
        builder.Property(x => x.Status).HasColumnName("status");
        builder.Property(x => x.NextExecution).HasColumnName("next_execution");
        builder.Property(x => x.CreateTime).HasColumnName("create_time");
        builder.Property(x => x.CompleteTime).HasColumnName("complete_time");
        builder.Property(x => x.Data).HasColumnName("data");
        builder.Property(x => x.ExecutionPointers).HasColumnName("execution_pointers");
        builder.HasIndex(x => x.NextExecution);
        builder.HasIndex(x => new { x.DefinitionId, x.Reference });
        builder.HasIndex(x => new { x.Status, x.CompleteTime });
    }
}
