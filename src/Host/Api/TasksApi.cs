using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInfer.Host.Api;

/// <summary>/api/tasks: start or resume, list, get with chunks, cancel, pause, resume, approve the plan, retry the failed records, read the journal, and follow by server-sent events.</summary>
internal static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        var tasks = endpoints.MapGroup("/api/tasks").WithTags("tasks");
        tasks.MapPost("/", StartAsync);
        tasks.MapGet("/", (TaskQueries queries, CancellationToken cancellationToken) => queries.ListAsync(cancellationToken));
        tasks.MapGet("/{id}", GetAsync);
        tasks.MapPost("/{id}/cancel", CancelAsync);
        tasks.MapPost("/{id}/pause", (string id, TaskPause pause, TaskQueries queries, CancellationToken cancellationToken) =>
            ControlAsync(id, pause.PauseAsync(id, cancellationToken), queries, cancellationToken));
        tasks.MapPost("/{id}/resume", (string id, TaskPause pause, TaskQueries queries, CancellationToken cancellationToken) =>
            ControlAsync(id, pause.ResumeAsync(id, cancellationToken), queries, cancellationToken));
        tasks.MapPost("/{id}/approve", (string id, TaskApproval approval, TaskQueries queries, CancellationToken cancellationToken) =>
            ControlAsync(id, approval.ApproveAsync(id, cancellationToken), queries, cancellationToken));
        tasks.MapPost("/{id}/retry-failed", (string id, TaskService service, TaskQueries queries, CancellationToken cancellationToken) =>
            ControlAsync(id, service.RetryFailedAsync(id, cancellationToken), queries, cancellationToken));
        tasks.MapGet("/{id}/journal", JournalAsync);
        tasks.MapGet("/{id}/events", EventsAsync);
        return endpoints;
    }

    private static async Task<Results<Accepted<TaskSummaryDto>, ProblemHttpResult, ValidationProblem>> StartAsync(
        StartTaskRequest request, TaskService service, TaskQueries queries, CancellationToken cancellationToken)
    {
        if (TaskId.Problem(request.TaskId) is { } idProblem)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid task id", idProblem);
        }
        if (!File.Exists(request.InputPath))
        {
            return Problem(StatusCodes.Status400BadRequest, "Input not found", $"input file '{request.InputPath}' not found");
        }
        try
        {
            await service.StartOrResumeAsync(request.TaskId, request.InputPath, request.Config, cancellationToken);
        }
        catch (InvalidConfigException ex)
        {
            return InvalidConfig(ex.Problems);
        }
        catch (TaskConflictException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Task already exists", ex.Message);
        }
        var summary = await queries.GetSummaryAsync(request.TaskId, cancellationToken);
        return TypedResults.Accepted($"/api/tasks/{request.TaskId}", summary!);
    }

    private static async Task<Results<Ok<TaskDetailDto>, ProblemHttpResult>> GetAsync(string id, TaskQueries queries, CancellationToken cancellationToken) =>
        await queries.GetDetailAsync(id, cancellationToken) is { } detail ? TypedResults.Ok(detail) : UnknownTask(id);

    private static async Task<Results<Accepted<TaskSummaryDto>, ProblemHttpResult>> CancelAsync(
        string id, ITaskCancellation cancellation, TaskQueries queries, CancellationToken cancellationToken) =>
        await cancellation.RequestAsync(id, cancellationToken) switch
        {
            CancelOutcome.Requested => TypedResults.Accepted($"/api/tasks/{id}", (await queries.GetSummaryAsync(id, cancellationToken))!),
            CancelOutcome.AlreadyFinished => Problem(StatusCodes.Status409Conflict, "Task already finished",
                $"task {id} has already finished; nothing to cancel. Its results are in merged/{id}/."),
            _ => UnknownTask(id),
        };

    /// <summary>A control's answer: 202 with the task's summary after it, 409 with why the task's state does not allow it, or 404.</summary>
    private static async Task<Results<Accepted<TaskSummaryDto>, ProblemHttpResult>> ControlAsync(
        string id, Task<ControlResult> control, TaskQueries queries, CancellationToken cancellationToken) =>
        await control switch
        {
            { Status: ControlStatus.Done } => TypedResults.Accepted($"/api/tasks/{id}", (await queries.GetSummaryAsync(id, cancellationToken))!),
            { Status: ControlStatus.Conflict, Problem: var problem } => Problem(StatusCodes.Status409Conflict, "Not in this state", problem!),
            _ => UnknownTask(id),
        };

    private static async Task<Results<Ok<JournalPageDto>, ProblemHttpResult>> JournalAsync(
        string id, string? kind, long? before, int? limit, TaskJournal journal, CancellationToken cancellationToken)
    {
        kind = string.IsNullOrEmpty(kind) ? null : kind;
        var pageSize = limit ?? TaskJournal.DefaultLimit;
        if (TaskJournal.Problem(kind, pageSize) is { } problem)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid journal query", $"journal of task {id}: {problem}");
        }
        return await journal.PageAsync(id, kind, before, pageSize, cancellationToken) is { } page ? TypedResults.Ok(page) : UnknownTask(id);
    }

    private static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> EventsAsync(
        string id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, TaskQueries queries, TaskJournal journal, TaskChangeFeed changes,
        TimeProvider time, CancellationToken cancellationToken)
    {
        long? after = null;
        if (!string.IsNullOrEmpty(lastEventId) && (after = TaskEvents.ParseEventId(lastEventId)) is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid Last-Event-ID",
                $"Last-Event-ID '{lastEventId}' is not an event id of this stream (a journal entry id).");
        }
        return await queries.GetSummaryAsync(id, cancellationToken) is null
            ? UnknownTask(id)
            : TypedResults.ServerSentEvents(TaskEvents.FollowAsync(id, after, queries, journal, changes, time, cancellationToken));
    }

    private static ProblemHttpResult UnknownTask(string id) =>
        Problem(StatusCodes.Status404NotFound, "Unknown task", $"task {id} is not known to this daemon (batch_infer -monitor lists the tasks).");

    /// <summary>A 400 that lists every problem, by key under errors and one a line in detail (what the command line prints).</summary>
    internal static ValidationProblem InvalidConfig(IReadOnlyList<ConfigProblem> problems) =>
        TypedResults.ValidationProblem(
            problems.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            detail: string.Join("\n", problems),
            title: "Invalid configuration");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
