using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.State;
using BatchInfer.Host.Engine;
using BatchInfer.Simulator;

namespace BatchInfer.Tests.Host.Engine;

/// <summary>The daemon's start: unfinished tasks in the SQLite state file go on from their stored configuration, if it is valid.</summary>
public sealed class ResumeStoredTests
{
    private const string Password = "resume-test-key";

    [Fact]
    public async Task ResumeStoredAsync_StoredConfigInvalid_TaskBlockedWithReasonNotRun()
    {
        await using var engine = await EngineHarness.StartAsync(new SimulatorOptions());
        var input = engine.WriteInput(20);
        var config = EngineHarness.Config(Password);
        var valid = config with { Model = config.Model with { BaseUrl = engine.Simulator.BaseUrl.ToString() } };
        // As a state file from a version that let the HTTP API start a task polling without pause would hold it.
        await StoreUnfinishedAsync(engine, "no-pause", input, valid with { PollIntervalSeconds = 0 });
        await StoreUnfinishedAsync(engine, "fine", input, valid);

        var resumed = await engine.Service<TaskService>().ResumeStoredAsync(CancellationToken.None);

        Assert.Equal(["fine"], resumed);
        var refused = engine.TaskRow("no-pause");
        Assert.Null(refused.WorkflowId);
        Assert.Equal(
            "its stored configuration is not valid (poll_interval_seconds: must be at least 0.1, got 0); run it again under another -task-id",
            refused.BlockedReason);
        var summary = await engine.Service<TaskQueries>().GetSummaryAsync("no-pause", CancellationToken.None);
        Assert.Equal(TaskStatusNames.Blocked, summary!.Status);
        Assert.Equal(TaskPhase.Finished, (await engine.WaitFinishedAsync("fine", TimeSpan.FromSeconds(90))).Phase);
        Assert.Equal((TaskPhase.Splitting, null), (engine.TaskRow("no-pause").Phase, engine.TaskRow("no-pause").WorkflowId));
        // The journal tells of the resume, first, for the task resumed only.
        var journal = engine.Service<TaskJournal>();
        Assert.Equal(JournalKinds.DaemonResumed, (await journal.PageAsync("fine", null, null, TaskJournal.MaxLimit, CancellationToken.None))!.Entries[^1].Kind);
        Assert.Empty((await journal.PageAsync("no-pause", JournalKinds.DaemonResumed, null, TaskJournal.MaxLimit, CancellationToken.None))!.Entries);
    }

    private static async Task StoreUnfinishedAsync(EngineHarness engine, string taskId, string input, BatchInferConfig config)
    {
        var configJson = Fingerprint.RedactedJson(config);
        var now = DateTimeOffset.UtcNow;
        await using var db = engine.Service<StateDatabase>().CreateContext();
        db.Tasks.Add(new TaskEntity
        {
            TaskId = taskId,
            InputPath = input,
            InputFingerprint = Fingerprint.OfInput(input),
            ConfigJson = configJson,
            ConfigFingerprint = Fingerprint.OfConfig(configJson),
            ProtectedPassword = engine.Service<PasswordProtector>().Protect(config.Model.Password),
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync();
    }
}
