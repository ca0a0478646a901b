using BatchInfer.Host.Persistence;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>Scheduled commands have no contract run against the memory store: it does not support them.</summary>
public sealed class SqliteScheduledCommandTests : SqliteStoreTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly List<string> _ran = [];

    [Fact]
    public async Task ProcessCommands_DueCommand_RunsItExactlyOnce()
    {
        Assert.True(Store.SupportsScheduledCommands);
        await Store.ScheduleCommand(Command("wf-1", Now.AddSeconds(-1)));

        await Store.ProcessCommands(Now, Record);
        await Store.ProcessCommands(Now.AddHours(1), Record);

        Assert.Equal(["ProcessWorkflow:wf-1"], _ran);
    }

    [Fact]
    public async Task ProcessCommands_CommandNotYetDue_LeavesItForLater()
    {
        await Store.ScheduleCommand(Command("wf-1", Now.AddMinutes(1)));

        await Store.ProcessCommands(Now, Record);
        Assert.Empty(_ran);
        await Store.ProcessCommands(Now.AddMinutes(1), Record);

        Assert.Equal(["ProcessWorkflow:wf-1"], _ran);
    }

    [Fact]
    public async Task ScheduleCommand_SameCommandTwice_KeepsOneAtTheEarlierTime()
    {
        await Store.ScheduleCommand(Command("wf-1", Now.AddMinutes(5)));
        await Store.ScheduleCommand(Command("wf-1", Now.AddMinutes(1)));
        await Store.ScheduleCommand(Command("wf-1", Now.AddMinutes(9)));

        await Store.ProcessCommands(Now.AddMinutes(1), Record);
        await Store.ProcessCommands(Now.AddMinutes(10), Record);

        Assert.Equal(["ProcessWorkflow:wf-1"], _ran);
    }

    [Fact]
    public async Task ProcessCommands_ActionFails_CommandRunsAgainOnTheNextPoll()
    {
        await Store.ScheduleCommand(Command("wf-1", Now.AddSeconds(-1)));

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.ProcessCommands(Now, _ => throw new InvalidOperationException("queue down")));
        await Store.ProcessCommands(Now, Record);

        Assert.Equal(["ProcessWorkflow:wf-1"], _ran);
    }

    [Fact]
    public async Task ProcessCommands_TwoPollersRacing_EachCommandRunsOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await Store.ScheduleCommand(Command($"wf-{i}", Now.AddSeconds(-1)));
        }

        var other = new SqlitePersistenceProvider(Database.Path);
        await Task.WhenAll(Store.ProcessCommands(Now, Record), other.ProcessCommands(Now, Record));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"ProcessWorkflow:wf-{i}").Order(), _ran.Order());
    }

    private Task Record(ScheduledCommand command)
    {
        lock (_ran)
        {
            _ran.Add($"{command.CommandName}:{command.Data}");
        }

        return Task.CompletedTask;
    }

    private static ScheduledCommand Command(string workflowId, DateTimeOffset at) => new()
    {
        CommandName = ScheduledCommand.ProcessWorkflow,
        Data = workflowId,
        ExecuteTime = at.UtcTicks,
    };
}
