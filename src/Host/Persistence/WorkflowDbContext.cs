using BatchInfer.Host.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Persistence;

/// <summary>The engine's tables (prefixed wf_) in the shared state database.</summary>
internal sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    public DbSet<PersistedWorkflow> Workflows => Set<PersistedWorkflow>();
    public DbSet<PersistedEvent> Events => Set<PersistedEvent>();
    public DbSet<PersistedSubscription> Subscriptions => Set<PersistedSubscription>();
    public DbSet<PersistedError> Errors => Set<PersistedError>();
    public DbSet<PersistedScheduledCommand> ScheduledCommands => Set<PersistedScheduledCommand>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(
            typeof(WorkflowDbContext).Assembly,
            type => type.Namespace == typeof(PersistedWorkflow).Namespace);
        modelBuilder.UseSnakeCaseColumns();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
}
