using Microsoft.EntityFrameworkCore;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

internal sealed partial class SqlitePersistenceProvider
{
    /// <summary>One pending command per (name, data); scheduling it again keeps the earlier time.</summary>
    public async Task ScheduleCommand(ScheduledCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = Open();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO wf_scheduled_commands (command_name, data, execute_time)
            VALUES ({command.CommandName}, {command.Data}, {command.ExecuteTime})
            ON CONFLICT (command_name, data) DO UPDATE SET execute_time = min(execute_time, excluded.execute_time);
            """);
    }

    /// <summary>
    /// Each due command is claimed by deleting its row before the action runs, so it runs once even
    /// if pollers race; a command whose action throws is put back for the next poll.
    /// </summary>
    public async Task ProcessCommands(
        DateTimeOffset asOf, Func<ScheduledCommand, Task> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var due = asOf.UtcTicks;
        List<ScheduledCommand> commands;
        await using (var db = Open())
        {
            commands = await db.ScheduledCommands
                .Where(x => x.ExecuteTime <= due)
                .OrderBy(x => x.ExecuteTime)
                .Select(x => new ScheduledCommand { CommandName = x.CommandName, Data = x.Data, ExecuteTime = x.ExecuteTime })
                .ToListAsync(cancellationToken);
        }

        foreach (var command in commands)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await Claim(command, cancellationToken))
            {
                continue;
            }

            try
            {
                await action(command);
            }
            catch
            {
                await ScheduleCommand(command);
                throw;
            }
        }
    }

    private async Task<bool> Claim(ScheduledCommand command, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var deleted = await db.ScheduledCommands
            .Where(x => x.CommandName == command.CommandName && x.Data == command.Data && x.ExecuteTime == command.ExecuteTime)
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 1;
    }
}
