using BatchInfer.Host.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatchInfer.Host.Cli.Monitor;

/// <summary>
/// Runs <c>-monitor</c> over a source of snapshots (the daemon client): one snapshot when redirected or with
/// --json, otherwise a live view refreshed until the task ends or Ctrl+C. Watching never changes a task, so
/// Ctrl+C is a normal way out (exit 0). Errors of the source (daemon unreachable) propagate to the caller.
/// </summary>
internal sealed class MonitorLoop(TextWriter output, TextWriter error, TimeProvider time, MonitorOptions options)
{
    /// <summary><c>-monitor ID</c>. 0 when shown; 2 when <paramref name="getTask"/> knows no such task.</summary>
    public async Task<int> FollowTaskAsync(
        string taskId,
        Func<CancellationToken, Task<TaskDetailDto?>> getTask,
        Func<CancellationToken, Task<IReadOnlyList<TaskSummaryDto>>> listTasks,
        CancellationToken cancellationToken)
    {
        var first = await getTask(cancellationToken);
        if (first is null)
        {
            return await UnknownTaskAsync(taskId, listTasks, cancellationToken);
        }
        if (options.Json)
        {
            await output.WriteLineAsync(MonitorJson.Serialize(first));
            return ExitCodes.Succeeded;
        }
        if (!options.Live)
        {
            await output.WriteAsync(MonitorView.ScreenText(first, options.Width));
            return ExitCodes.Succeeded;
        }
        var vanished = !await LiveAsync(first, getTask, MonitorView.Screen, t => TaskStatuses.IsFinished(t.Summary.Status), cancellationToken);
        return vanished ? await UnknownTaskAsync(taskId, listTasks, cancellationToken) : ExitCodes.Succeeded;
    }

    /// <summary><c>-monitor</c> without an ID: one line per task, live until no task is unfinished.</summary>
    public async Task<int> FollowAllAsync(Func<CancellationToken, Task<IReadOnlyList<TaskSummaryDto>>> listTasks, CancellationToken cancellationToken)
    {
        var first = await listTasks(cancellationToken);
        if (options.Json)
        {
            await output.WriteLineAsync(MonitorJson.Serialize(first));
        }
        else if (!options.Live)
        {
            await output.WriteAsync(MonitorView.ListText(first));
        }
        else
        {
            await LiveAsync(first, async ct => await listTasks(ct), (tasks, _) => MonitorView.List(tasks),
                tasks => tasks.All(t => TaskStatuses.IsFinished(t.Status)), cancellationToken);
        }
        return ExitCodes.Succeeded;
    }

    /// <summary>False when the source stopped knowing the subject (a task deleted while watched).</summary>
    private async Task<bool> LiveAsync<T>(
        T first, Func<CancellationToken, Task<T?>> fetch, Func<T, int, IRenderable> render, Func<T, bool> finished,
        CancellationToken cancellationToken)
        where T : class
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        var known = true;
        await console.Live(render(first, console.Profile.Width))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                var current = first;
                try
                {
                    while (!finished(current))
                    {
                        await Task.Delay(options.Refresh, time, cancellationToken);
                        if (await fetch(cancellationToken) is not { } next)
                        {
                            known = false;
                            return;
                        }
                        current = next;
                        context.UpdateTarget(render(current, console.Profile.Width));
                        context.Refresh();
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: leave the last screen in place and return normally.
                }
            });
        return known;
    }

    private async Task<int> UnknownTaskAsync(
        string taskId, Func<CancellationToken, Task<IReadOnlyList<TaskSummaryDto>>> listTasks, CancellationToken cancellationToken)
    {
        var tasks = await listTasks(cancellationToken);
        var known = tasks.Count == 0 ? "there are no tasks" : "tasks: " + string.Join(", ", tasks.Select(t => t.TaskId));
        await error.WriteLineAsync($"no task {taskId}; {known}");
        return ExitCodes.UsageError;
    }
}
