using System.Diagnostics;
using System.Globalization;
using BatchInfer.Activities.State;
using BatchInfer.Host.Engine;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Cli;

/// <summary>
/// Follows a task in the state tables until it ends: one self-rewriting line on a terminal, a line every few
/// seconds when output is redirected, then a summary. Returns the exit code.
/// </summary>
internal sealed class ProgressView(StateDatabase database, StepErrorLog errors, TextWriter output, bool interactive)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RedirectedEvery = TimeSpan.FromSeconds(5);

    public async Task<int> FollowAsync(string taskId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? lastPrinted = null;
        string? lastLine = null;
        while (true)
        {
            var snapshot = await TaskSnapshot.ReadAsync(database, taskId, cancellationToken);
            var line = snapshot.ProgressLine(clock.Elapsed);
            if (interactive)
            {
                output.Write("\r" + line.PadRight(Math.Max(lastLine?.Length ?? 0, line.Length)));
            }
            else if (lastPrinted is null || clock.Elapsed - lastPrinted >= RedirectedEvery || snapshot.Task.Phase == TaskPhase.Finished)
            {
                output.WriteLine(line);
                lastPrinted = clock.Elapsed;
            }
            lastLine = line;

            if (snapshot.Task.Phase == TaskPhase.Finished)
            {
                if (interactive)
                {
                    output.WriteLine();
                }
                return PrintSummary(snapshot.Task);
            }
            if (snapshot.Task.BlockedReason is { } reason)
            {
                return Stop($"Task {taskId} cannot go on: {reason}\nFix it, then run the same command again to resume.");
            }
            if (errors.Errors.Count > 0)
            {
                return Stop($"Task {taskId} stopped on an unexpected error: {string.Join("; ", errors.Errors)}\n" +
                    "See batch_infer.log; the same command again resumes the task.");
            }
            await Task.Delay(Refresh, cancellationToken);
        }
    }

    private int Stop(string message)
    {
        output.WriteLine();
        Console.Error.WriteLine(message);
        return ExitCodes.InternalError;
    }

    private int PrintSummary(TaskEntity task)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture,
            $"Task {task.TaskId} finished: {task.Succeeded:N0} succeeded, {task.FailedFinal:N0} failed, {task.Missing:N0} missing, " +
            $"{task.InvalidRecords:N0} invalid input lines; {task.CurrentRound + 1} round(s); tokens {task.PromptTokens:N0} in / {task.CompletionTokens:N0} out."));
        output.WriteLine($"Results: merged/{task.TaskId}/ (output.jsonl, error_retry0.jsonl, missing_records.jsonl, invalid_input.jsonl, summary.json)");
        return task.Outcome == TaskOutcome.AllSucceeded && task.InvalidRecords == 0
            ? ExitCodes.Succeeded
            : ExitCodes.FinishedWithFailures;
    }

    private sealed record TaskSnapshot(TaskEntity Task, int Chunks, int ChunksCollected, int ChunksRunning, long RemoteCompleted, long RemoteFailed, long RoundRecords)
    {
        public static async Task<TaskSnapshot> ReadAsync(StateDatabase database, string taskId, CancellationToken cancellationToken)
        {
            await using var db = database.CreateContext();
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.TaskId == taskId, cancellationToken);
            var round = await db.Chunks.AsNoTracking()
                .Where(c => c.TaskId == taskId && c.Round == task.CurrentRound)
                .GroupBy(_ => 1)
                .Select(g => new
                {
                    Count = g.Count(),
                    Collected = g.Count(c => c.Phase == ChunkPhase.Collected),
                    Running = g.Count(c => c.Phase == ChunkPhase.Submitted || c.Phase == ChunkPhase.Downloading),
                    Completed = g.Sum(c => (long)c.RemoteCompleted),
                    Failed = g.Sum(c => (long)c.RemoteFailed),
                    Records = g.Sum(c => (long)c.Records),
                })
                .SingleOrDefaultAsync(cancellationToken);
            return new TaskSnapshot(task, round?.Count ?? 0, round?.Collected ?? 0, round?.Running ?? 0,
                round?.Completed ?? 0, round?.Failed ?? 0, round?.Records ?? 0);
        }

        public string ProgressLine(TimeSpan elapsed)
        {
            var culture = CultureInfo.InvariantCulture;
            var time = elapsed.ToString(@"hh\:mm\:ss", culture);
            return Task.Phase switch
            {
                TaskPhase.Splitting => $"[{Task.TaskId}] {time} splitting the input…",
                TaskPhase.Merging => $"[{Task.TaskId}] {time} merging results…",
                TaskPhase.Finished => $"[{Task.TaskId}] {time} done",
                _ => string.Create(culture,
                    $"[{Task.TaskId}] {time} round {Task.CurrentRound} · chunks {ChunksCollected}/{Chunks} done, {ChunksRunning} running · " +
                    $"requests {RemoteCompleted:N0}/{RoundRecords:N0} answered, {RemoteFailed:N0} errors · settled: {Task.Succeeded:N0} ok, {Task.FailedFinal + Task.Missing:N0} failed"),
            };
        }
    }
}
