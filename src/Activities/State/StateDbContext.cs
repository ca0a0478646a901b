using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BatchInfer.Activities.State;

/// <summary>Our own tables in the state database, beside the workflow engine's.</summary>
public sealed class StateDbContext(DbContextOptions<StateDbContext> options) : DbContext(options)
{
    public DbSet<TaskEntity> Tasks => Set<TaskEntity>();

    public DbSet<ChunkEntity> Chunks => Set<ChunkEntity>();

    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new TaskEntityConfiguration());
        modelBuilder.ApplyConfiguration(new ChunkEntityConfiguration());
        modelBuilder.Entity<JournalEntry>().ToTable("journal").HasKey(e => e.Id);
    }

    // SQLite cannot order or compare DateTimeOffset natively; ticks keep ordering queries in SQL.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetTicksConverter>();
}

internal sealed class TaskEntityConfiguration : IEntityTypeConfiguration<TaskEntity>
{
    public void Configure(EntityTypeBuilder<TaskEntity> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => t.TaskId);
    }
}

internal sealed class ChunkEntityConfiguration : IEntityTypeConfiguration<ChunkEntity>
{
    public void Configure(EntityTypeBuilder<ChunkEntity> builder)
    {
        builder.ToTable("chunks");
        builder.HasKey(c => new { c.TaskId, c.Round, c.Chunk });
        builder.Ignore(c => c.Tag);
    }
}

internal sealed class DateTimeOffsetTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
