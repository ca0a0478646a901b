using BatchInfer.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Parts;

/// <summary>The task page's controls (TaskControls.razor) beyond cancel: pause and resume, retry of the failed records.</summary>
public sealed class TaskControlsTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task PauseThenResume_FromThePage_StatusFollowsAndBothAreJournaled()
    {
        await Studio.StartTaskAsync("held", Studio.Input(200), await Studio.ConfigAsync("--in-progress", "60s"));
        var page = await Studio.OpenAsync("/tasks/held");

        await page.Locator("[data-testid=pause-task]").ClickAsync();
        await Expect(page.Locator("[data-testid=confirm-panel]")).ToContainTextAsync("Pause task held?");
        await page.Locator("[data-testid=confirm-pause]").ClickAsync();
        await Expect(page.Locator("[data-testid=task-status] [data-status=paused]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=journal] tr[data-journal-kind=pause]")).ToHaveCountAsync(1);

        await page.Locator("[data-testid=resume-task]").ClickAsync();
        await page.Locator("[data-testid=confirm-resume]").ClickAsync();
        await Expect(page.Locator("[data-testid=task-status] [data-status=paused]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=journal] tr[data-journal-kind=resume]")).ToHaveCountAsync(1);
        Assert.NotEqual("paused", (await Studio.TaskJsonAsync("held")).GetProperty("summary").GetProperty("status").GetString());
    }

    [Fact]
    public async Task RetryFailed_FinishedWithFailures_NewRoundRunsAndTheInvariantHolds()
    {
        var input = Studio.Input(300);
        Assert.Equal(3, await Studio.RunTaskAsync("retried", input, await Studio.ConfigAsync("--error-rate", "0.2", "--seed", "7")));
        var failedBefore = RecordInvariant.AssertHolds(input, Studio.Work.Merged("retried")).Failed;
        var roundBefore = (await Studio.TaskJsonAsync("retried")).GetProperty("summary").GetProperty("round").GetInt32();
        Assert.True(failedBefore > 0, "the faulty provider failed no record: nothing to retry");
        var page = await Studio.OpenAsync("/tasks/retried");

        await Expect(page.Locator("[data-testid=cancel-task]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=retry-task]").ClickAsync();
        await Expect(page.Locator("[data-testid=confirm-panel]")).ToContainTextAsync($"{failedBefore} failed");
        await page.Locator("[data-testid=confirm-retry]").ClickAsync();

        await Expect(page.Locator("[data-testid=journal] tr[data-journal-kind=retry_failed]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=task-status] [data-status=finished_with_failures], [data-testid=task-status] [data-status=succeeded]")).ToBeVisibleAsync();
        var summary = (await Studio.TaskJsonAsync("retried")).GetProperty("summary");
        Assert.Equal(roundBefore + 1, summary.GetProperty("round").GetInt32());
        var after = RecordInvariant.AssertHolds(input, Studio.Work.Merged("retried"));
        Assert.True(after.Failed < failedBefore, $"the retry round answered none of the {failedBefore} failed records");
    }
}
