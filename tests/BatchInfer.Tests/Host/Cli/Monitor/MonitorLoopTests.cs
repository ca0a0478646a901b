using BatchInfer.Host.Api;
using BatchInfer.Host.Cli.Monitor;

namespace BatchInfer.Tests.Host.Cli.Monitor;

public sealed class MonitorLoopTests : IDisposable
{
    private static readonly MonitorOptions Redirected = new(TimeSpan.Zero, Live: false, Json: false);
    private static readonly MonitorOptions Live = new(TimeSpan.Zero, Live: true, Json: false);

    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task FollowTaskAsync_Redirected_OneSnapshotWithoutEscapeCodes()
    {
        var source = new Snapshots(Detail("running"), Detail("succeeded"));

        var code = await Loop(Redirected).FollowTaskAsync("t1", source.NextAsync, NoTasks, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(1, source.Calls);
        Assert.StartsWith("Task t1  running", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', _output.ToString());
    }

    [Fact]
    public async Task FollowTaskAsync_Json_OneSnapshotAsJson()
    {
        var source = new Snapshots(Detail("running"));

        var code = await Loop(Redirected with { Json = true }).FollowTaskAsync("t1", source.NextAsync, NoTasks, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(MonitorJson.Serialize(Detail("running")) + Environment.NewLine, _output.ToString());
    }

    [Fact]
    public async Task FollowTaskAsync_UnknownTask_Exit2NamingTheKnownTasks()
    {
        var source = new Snapshots([null]);
        IReadOnlyList<TaskSummaryDto> known = [MonitorSamples.Summary("alpha"), MonitorSamples.Summary("beta")];

        var code = await Loop(Redirected).FollowTaskAsync("nope", source.NextAsync, _ => Task.FromResult(known), CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal("no task nope; tasks: alpha, beta", _error.ToString().TrimEnd());
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public async Task FollowTaskAsync_UnknownTaskAndNoneAtAll_SaysThereAreNone()
    {
        var code = await Loop(Live).FollowTaskAsync("nope", new Snapshots([null]).NextAsync, NoTasks, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal("no task nope; there are no tasks", _error.ToString().TrimEnd());
    }

    [Fact]
    public async Task FollowTaskAsync_Live_RefreshesUntilFinishedAndEndsOnTheFinalState()
    {
        var source = new Snapshots(Detail("running"), Detail("merging"), Detail("succeeded"), Detail("succeeded"));

        var code = await Loop(Live).FollowTaskAsync("t1", source.NextAsync, NoTasks, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(3, source.Calls);
        var output = _output.ToString();
        Assert.Contains('\u001b', output);
        Assert.True(output.LastIndexOf("succeeded", StringComparison.Ordinal) > output.LastIndexOf("merging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FollowTaskAsync_LiveCtrlC_StopsWatchingWithExit0()
    {
        using var ctrlC = new CancellationTokenSource();
        var source = new Snapshots(Detail("running"), Detail("running"), Detail("running")) { OnCall = n => { if (n == 2) ctrlC.Cancel(); } };

        var code = await Loop(Live).FollowTaskAsync("t1", source.NextAsync, NoTasks, ctrlC.Token);

        Assert.Equal(0, code);
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public async Task FollowTaskAsync_TaskVanishesWhileWatched_Exit2()
    {
        var source = new Snapshots(Detail("running"), null);

        var code = await Loop(Live).FollowTaskAsync("t1", source.NextAsync, NoTasks, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.StartsWith("no task t1", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowAllAsync_Live_RefreshesUntilNoTaskIsUnfinished()
    {
        IReadOnlyList<TaskSummaryDto> running = [MonitorSamples.Summary("a"), MonitorSamples.Summary("b", "succeeded")];
        IReadOnlyList<TaskSummaryDto> done = [MonitorSamples.Summary("a", "cancelled"), MonitorSamples.Summary("b", "succeeded")];
        var calls = 0;

        var code = await Loop(Live).FollowAllAsync(_ => Task.FromResult(++calls < 3 ? running : done), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(3, calls);
        Assert.Contains("0 unfinished", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowAllAsync_Redirected_OneLinePerTask()
    {
        IReadOnlyList<TaskSummaryDto> tasks = [MonitorSamples.Summary("a"), MonitorSamples.Summary("b", "blocked")];

        var code = await Loop(Redirected).FollowAllAsync(_ => Task.FromResult(tasks), CancellationToken.None);

        Assert.Equal(0, code);
        var lines = _output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^a +running +67.3%", lines[1]);
        Assert.Matches(@"^b +blocked +67.3%", lines[2]);
    }

    [Fact]
    public async Task FollowAllAsync_Json_ArrayOfSummaries()
    {
        IReadOnlyList<TaskSummaryDto> tasks = [MonitorSamples.Summary("a")];

        await Loop(Live with { Json = true }).FollowAllAsync(_ => Task.FromResult(tasks), CancellationToken.None);

        Assert.StartsWith("[", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"task_id\": \"a\"", _output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    private MonitorLoop Loop(MonitorOptions options) => new(_output, _error, TimeProvider.System, options);

    private static Task<IReadOnlyList<TaskSummaryDto>> NoTasks(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaskSummaryDto>>([]);

    private static TaskDetailDto Detail(string status) =>
        new(MonitorSamples.Summary("t1", status), MonitorSamples.Chunks("collected", "pending"));

    /// <summary>Returns the given snapshots one per call, then repeats the last.</summary>
    private sealed class Snapshots(params TaskDetailDto?[] snapshots)
    {
        public int Calls { get; private set; }

        public Action<int>? OnCall { get; init; }

        public Task<TaskDetailDto?> NextAsync(CancellationToken cancellationToken)
        {
            Calls++;
            OnCall?.Invoke(Calls);
            return Task.FromResult(snapshots[Math.Min(Calls, snapshots.Length) - 1]);
        }
    }
}
