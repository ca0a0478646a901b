using System.Text.Json;
using BatchInfer.Host.Cli;
using BatchInfer.Tests.Host.Daemon;
using BatchInfer.Tests.Host.Workflows;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>
/// The optional steps of a definition, run by the real daemon against the standalone simulator: approve holds a task
/// until -approve (or a cancel), notify POSTs the summary to a local webhook, run-command runs a script on the merged folder.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class OptionalStepsEndToEndTests
{
    private const int Records = 1000;
    private const string Password = "e2e-secret-password";

    [Fact]
    public async Task Notify_WebhookFailsTwice_ThirdAttemptCarriesTheCountsAndNoPassword()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "100ms");
        var (_, work, input) = provider;
        await using var webhook = await Webhook.StartAsync(failures: 2);
        var workflow = WorkflowFiles.WriteWithSteps(work.Path, "notify.yaml", ("merge-results", $"notify: {{url: \"{webhook.Url}\", retries: 3}}"));

        var run = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "n"), "-workflow", workflow], DaemonWork.Generous);
        var body = await webhook.AcceptedAsync(DaemonWork.Generous);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stderr}");
        var counts = RecordInvariant.AssertHolds(input, work.Merged("n"));
        var sent = JsonDocument.Parse(body).RootElement;
        Assert.Equal("task_finished", sent.GetProperty("event").GetString());
        Assert.Equal(work.Merged("n"), sent.GetProperty("merged_folder").GetString());
        var summary = sent.GetProperty("summary");
        Assert.Equal(("n", "succeeded"), (summary.GetProperty("task_id").GetString(), summary.GetProperty("outcome").GetString()));
        Assert.Equal((counts.Succeeded, 0L, 0L), (summary.GetProperty("succeeded").GetInt64(), summary.GetProperty("failed").GetInt64(), summary.GetProperty("missing").GetInt64()));
        Assert.Equal(Records, counts.Succeeded);
        Assert.True(summary.GetProperty("elapsed_seconds").GetDouble() > 0);
        Assert.Equal(3, webhook.Bodies.Count);
        Assert.All(webhook.Bodies, b => Assert.DoesNotContain(Password, b, StringComparison.Ordinal));
        var notified = await Eventually.GetAsync(async () => (await OperatorControls.JournalAsync(work.Path, "n")).Where(e => e.Kind == "notify")
            .Select(e => e.Message).FirstOrDefault(), DaemonWork.Generous, "the notify journal entry");
        Assert.StartsWith($"summary POSTed to {webhook.Url}: HTTP 200 (attempt 3)", notified, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommand_Script_GetsItsArgumentsAndTheMergedFolderOnceAndIsJournaled()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "100ms");
        var (_, work, input) = provider;
        File.WriteAllText(Path.Combine(work.Path, "record.sh"), "printf '%s\\n' \"$@\" >> ran.txt\necho recorded\n");
        var workflow = WorkflowFiles.WriteWithSteps(work.Path, "command.yaml",
            ("merge-results", "run-command: {command: \"sh record.sh 'two words'\", timeout_seconds: 60}"));

        var run = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, "c"), "-workflow", workflow], DaemonWork.Generous);
        var ran = await Eventually.GetAsync(async () => (await OperatorControls.JournalAsync(work.Path, "c")).Where(e => e.Kind == "run_command")
            .Select(e => e.Message).FirstOrDefault(), DaemonWork.Generous, "the run_command journal entry");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.Equal(Records, RecordInvariant.AssertHolds(input, work.Merged("c")).Succeeded);
        Assert.StartsWith("sh exited with code 0 after", ran, StringComparison.Ordinal);
        Assert.EndsWith("stdout: recorded; stderr: (empty)", ran, StringComparison.Ordinal);
        // The journal entry is written once the script has finished, so ran.txt is complete: one run, two arguments.
        Assert.Equal(["two words", work.Merged("c")], File.ReadAllLines(Path.Combine(work.Path, "ran.txt")));
    }

    [Fact]
    public async Task Approve_HoldsTheTaskWithNothingUploadedUntilApprovedThenEveryRecordIsAccounted()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "100ms");
        var (simulator, work, input) = provider;
        using var client = await StartAwaitingApprovalAsync(work, input, "a");
        // The approve step stands before the first round: while it holds, nothing has reached the provider.
        Assert.Equal((0L, 0L), (DaemonWork.Stat(simulator, SimulatorStatsNames.FilesUploaded), DaemonWork.Stat(simulator, SimulatorStatsNames.BatchesCreated)));
        var approve = await BatchInferProcess.RunAsync(work.Path, ["-approve", "a"], DaemonWork.Generous);

        Assert.True(approve.ExitCode == 0, $"exit {approve.ExitCode}\n{approve.Stderr}");
        Assert.Contains("Task a approved", approve.Stdout, StringComparison.Ordinal);
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetTaskAsync("a", CancellationToken.None)).Summary.Status == "succeeded",
            DaemonWork.Generous, TimeSpan.FromMilliseconds(50)), "the approved task did not succeed");
        Assert.Equal(Records, RecordInvariant.AssertHolds(input, work.Merged("a")).Succeeded);
        Assert.Equal(["split", "round_started", "awaiting_approval", "approve", "merge", "finished"],
            OperatorControls.TaskKinds(await OperatorControls.JournalAsync(work.Path, "a")));
        var again = await BatchInferProcess.RunAsync(work.Path, ["-approve", "a"], DaemonWork.Generous);
        Assert.Equal(0, again.ExitCode);
    }

    [Fact]
    public async Task Cancel_TaskAwaitingApproval_EndsCancelledWithNothingSent()
    {
        using var provider = await DaemonWork.SlowProviderAsync(Records, inProgress: "100ms");
        var (simulator, work, input) = provider;
        using var client = await StartAwaitingApprovalAsync(work, input, "ac");

        var cancel = await BatchInferProcess.RunAsync(work.Path, ["-cancel", "ac"], DaemonWork.Generous);
        var approveCancelled = await BatchInferProcess.RunAsync(work.Path, ["-approve", "ac"], DaemonWork.Generous);

        Assert.True(cancel.ExitCode == 0, $"exit {cancel.ExitCode}\n{cancel.Stdout}\n{cancel.Stderr}");
        var counts = RecordInvariant.AssertHolds(input, work.Merged("ac"));
        Assert.Equal((0, Records), (counts.Succeeded, counts.Missing));
        Assert.Equal(0, DaemonWork.Stat(simulator, SimulatorStatsNames.FilesUploaded));
        Assert.Equal(2, approveCancelled.ExitCode);
        Assert.Contains("task ac has already finished; there is nothing to approve", approveCancelled.Stderr, StringComparison.Ordinal);
        var kinds = OperatorControls.TaskKinds(await OperatorControls.JournalAsync(work.Path, "ac"));
        Assert.Equal(["split", "round_started", "awaiting_approval", "cancel", "merge", "finished"], kinds);
    }

    /// <summary>Starts <paramref name="taskId"/> detached under a definition with the approve step, and waits until it is held.</summary>
    private static async Task<DaemonClient> StartAwaitingApprovalAsync(WorkDirectory work, string input, string taskId)
    {
        var workflow = WorkflowFiles.WriteWithSteps(work.Path, "approve.yaml", ("split-input", "approve"));
        var started = await BatchInferProcess.RunAsync(work.Path, [.. work.PipelineArgs(input, taskId), "-workflow", workflow, "--detach"], DaemonWork.Generous);
        Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}\n{started.Stderr}");
        var client = new DaemonClient(await DaemonWork.LiveDaemonAsync(work.Path));
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetTaskAsync(taskId, CancellationToken.None)).Summary.Status == "awaiting_approval",
            DaemonWork.Generous, TimeSpan.FromMilliseconds(50)), $"task {taskId} never awaited approval");
        return client;
    }
}
