using System.Text.Json;
using System.Text.Json.Serialization;
using BatchInfer.Activities.State;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Activities.Tasks;

/// <summary>merged/&lt;task&gt;/summary.json: what happened to every line of the input, and what it cost.</summary>
public sealed record TaskSummary(
    string TaskId,
    string Input,
    string Outcome,
    long PhysicalLines,
    long BlankLines,
    long InvalidRecords,
    long ValidRecords,
    long Succeeded,
    long Failed,
    long Missing,
    int Rounds,
    int Batches,
    long PromptTokens,
    long CompletionTokens,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double? ElapsedSeconds)
{
    /// <summary>How summary.json is written (snake_case keys), and the notify step's body with it.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The summary of <paramref name="task"/> as its row stands, with its batches counted from the chunk rows.</summary>
    public static async Task<TaskSummary> OfAsync(StateDbContext db, TaskEntity task, CancellationToken cancellationToken) =>
        From(task, await db.Chunks.CountAsync(c => c.TaskId == task.TaskId, cancellationToken));

    public static TaskSummary From(TaskEntity task, int batches) => new(
        task.TaskId,
        task.InputPath,
        task.Outcome switch
        {
            TaskOutcome.AllSucceeded => "succeeded",
            TaskOutcome.SomeFailed => "finished_with_failures",
            TaskOutcome.Cancelled => "cancelled",
            _ => "running",
        },
        task.PhysicalLines,
        task.BlankLines,
        task.InvalidRecords,
        task.ValidRecords,
        task.Succeeded,
        task.FailedFinal,
        task.Missing,
        task.CurrentRound + 1,
        batches,
        task.PromptTokens,
        task.CompletionTokens,
        task.CreatedAt,
        task.FinishedAt,
        task.FinishedAt is { } end ? Math.Round((end - task.CreatedAt).TotalSeconds, 3) : null);

    public Task WriteAsync(string path, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, stream => JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken), cancellationToken);
}
