using BatchInfer.Host.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

internal sealed partial class SqlitePersistenceProvider
{
    public async Task<string> CreateNewWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        workflow.Id = await InsertWithNewId(workflow.ToPersisted(), cancellationToken);
        return workflow.Id;
    }

    public Task PersistWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default) =>
        PersistWorkflow(workflow, [], cancellationToken);

    /// <summary>The workflow row and its new subscriptions are written in one transaction.</summary>
    public async Task PersistWorkflow(
        WorkflowInstance workflow, List<EventSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(subscriptions);
        await using var db = Open();
        db.Workflows.Update(workflow.ToPersisted());
        foreach (var subscription in subscriptions)
        {
            subscription.Id = NewId();
            db.Subscriptions.Add(subscription.ToPersisted());
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IEnumerable<string>> GetRunnableInstances(DateTime asAt, CancellationToken cancellationToken = default)
    {
        var now = UtcDateTimeConverter.ToUtc(asAt).Ticks;
        await using var db = Open();
        return await db.Workflows
            .Where(x => x.Status == WorkflowStatus.Runnable && x.NextExecution != null && x.NextExecution <= now)
            .Select(x => x.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(
        WorkflowStatus? status, string type, DateTime? createdFrom, DateTime? createdTo, int skip, int take)
    {
        await using var db = Open();
        var query = db.Workflows.AsQueryable();
        if (status is { } wanted)
        {
            query = query.Where(x => x.Status == wanted);
        }

        if (!string.IsNullOrEmpty(type))
        {
            query = query.Where(x => x.DefinitionId == type);
        }

        if (createdFrom is { } from)
        {
            query = query.Where(x => x.CreateTime >= from);
        }

        if (createdTo is { } to)
        {
            query = query.Where(x => x.CreateTime <= to);
        }

        var rows = await query.OrderBy(x => x.CreateTime).ThenBy(x => x.Id).Skip(skip).Take(take).ToListAsync();
        return rows.ConvertAll(row => row.ToWorkflowInstance());
    }

    public async Task<WorkflowInstance?> GetWorkflowInstance(string Id, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        var row = await WorkflowById(db, Id, cancellationToken);
        if (row?.ToWorkflowInstance() is not { } instance)
        {
            return null;
        }
        _loaded?.Invoke(instance);
        return instance;
    }

    // The engine loads an instance before every step it runs: compiled once.
    private static readonly Func<WorkflowDbContext, string, CancellationToken, Task<PersistedWorkflow?>> WorkflowById =
        EF.CompileAsyncQuery((WorkflowDbContext db, string id, CancellationToken _) => db.Workflows.FirstOrDefault(x => x.Id == id));

    public async Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(
        IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids?.ToList() ?? [];
        if (wanted.Count == 0)
        {
            return [];
        }

        await using var db = Open();
        var rows = await db.Workflows.Where(x => wanted.Contains(x.Id)).ToListAsync(cancellationToken);
        return rows.ConvertAll(row => row.ToWorkflowInstance());
    }
}
