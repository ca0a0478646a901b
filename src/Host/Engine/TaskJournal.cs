using System.Linq.Expressions;
using BatchInfer.Activities.State;
using BatchInfer.Host.Api;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Engine;

/// <summary>A task's journal, newest first, a page at a time (the API's and the studio's journal view).</summary>
internal sealed class TaskJournal(StateDatabase database)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    // One projection for every read: SQLite is asked for just these columns.
    private static readonly Expression<Func<JournalEntry, JournalEntryDto>> AsDto =
        e => new JournalEntryDto(e.Id, e.At, e.Kind, e.Round, e.Chunk, e.Message);

    /// <summary>Why a page cannot be read with these arguments, or null.</summary>
    public static string? Problem(string? kind, int limit) =>
        kind is not null && !JournalKinds.All.Contains(kind)
            ? $"unknown journal kind '{kind}'; the kinds are {string.Join(", ", JournalKinds.All)}"
            : limit is < 1 or > MaxLimit
                ? $"limit {limit} is not between 1 and {MaxLimit}"
                : null;

    /// <summary>
    /// Entries older than <paramref name="before"/> (an entry id; null: the newest), of <paramref name="kind"/> only when given.
    /// Null when no task has that id.
    /// </summary>
    public async Task<JournalPageDto?> PageAsync(string taskId, string? kind, long? before, int limit, CancellationToken cancellationToken)
    {
        if (Problem(kind, limit) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        await using var db = database.CreateContext();
        if (!await db.Tasks.AnyAsync(t => t.TaskId == taskId, cancellationToken))
        {
            return null;
        }
        var entries = db.Journal.AsNoTracking().Where(e => e.TaskId == taskId);
        if (kind is not null)
        {
            entries = entries.Where(e => e.Kind == kind);
        }
        if (before is { } id)
        {
            entries = entries.Where(e => e.Id < id);
        }
        // One more than the page says whether there is a next one.
        var page = await entries.OrderByDescending(e => e.Id).Take(limit + 1)
            .Select(AsDto)
            .ToListAsync(cancellationToken);
        var more = page.Count > limit;
        if (more)
        {
            page.RemoveAt(limit);
        }
        return new JournalPageDto(taskId, page, more ? page[^1].Id : null);
    }

    /// <summary>Entries after <paramref name="after"/> (an entry id), oldest first, at most <paramref name="limit"/>: the event stream's replay.</summary>
    public async Task<IReadOnlyList<JournalEntryDto>> AfterAsync(string taskId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Journal.AsNoTracking().Where(e => e.TaskId == taskId && e.Id > after).OrderBy(e => e.Id).Take(limit)
            .Select(AsDto)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The task's newest entry id; 0 when it has none.</summary>
    public async Task<long> LatestIdAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Journal.Where(e => e.TaskId == taskId).MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
    }

    /// <summary>
    /// <paramref name="count"/> entries from the <paramref name="offset"/>-th newest on, of <paramref name="kind"/> only when
    /// given, and how many there are in all: the Studio's virtualised journal asks for the rows it draws.
    /// </summary>
    public async Task<(IReadOnlyList<JournalEntryDto> Entries, int Total)> SliceAsync(
        string taskId, string? kind, int offset, int count, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var entries = db.Journal.AsNoTracking().Where(e => e.TaskId == taskId && (kind == null || e.Kind == kind));
        var total = await entries.CountAsync(cancellationToken);
        var slice = await entries.OrderByDescending(e => e.Id).Skip(offset).Take(Math.Clamp(count, 0, MaxLimit))
            .Select(AsDto)
            .ToListAsync(cancellationToken);
        return (slice, total);
    }

    /// <summary>The entries that open and close the task's rounds (round_started, merge), oldest first: the rounds' timeline.</summary>
    public async Task<IReadOnlyList<JournalEntryDto>> RoundMarksAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Journal.AsNoTracking()
            .Where(e => e.TaskId == taskId && (e.Kind == JournalKinds.RoundStarted || e.Kind == JournalKinds.Merge))
            .OrderBy(e => e.Id)
            .Select(AsDto)
            .ToListAsync(cancellationToken);
    }
}
