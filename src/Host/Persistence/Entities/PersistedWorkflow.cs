using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence.Entities;

/// <summary>One row per workflow instance; pointers and data are JSON because the engine always loads them whole.</summary>
internal sealed class PersistedWorkflow : IPersistedWithId
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
        builder.HasIndex(x => x.NextExecution);
        builder.HasIndex(x => new { x.DefinitionId, x.Reference });
        builder.HasIndex(x => new { x.Status, x.CompleteTime });
    }
}
