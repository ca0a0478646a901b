using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio;

/// <summary>
/// Providers that fail, as the Studio shows it: a provider that refuses our credential blocks the task with the error
/// grouped by code; one that fails a batch and some records shows the failed chunk while the task runs, explains it in the
/// chunk's drawer, and lists the task as finished with failures. With <c>STUDIO_SCREENSHOTS=DIR</c> the tests also save
/// full-page PNGs of those views (docs/studio/ holds the ones README.md shows).
/// </summary>
public sealed class StudioScreenshotTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task ProviderRefusesCredential_TaskBlocked_ErrorGroupedByCodeAndReasonShown()
    {
        var task = await RefusedTaskAsync();
        var page = await Studio.OpenAsync($"/tasks/{task}");

        await Expect(page.Locator("[data-testid=task-status] [data-status=blocked]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=blocked-reason]")).ToContainTextAsync("401");
        await Expect(page.Locator("[data-testid=errors-by-code] tr[data-code=http_401]")).ToBeVisibleAsync();
        await StudioScreenshots.ShootAsync(page, "task-blocked.png");
    }

    [Fact]
    public async Task FaultyProvider_FailedChunkShownMidRun_DrawerExplains_TaskEndsWithFailures()
    {
        // The first batch fails at once, the others take 8 s: long enough to see the failed chunk while the task runs.
        var faulty = await Studio.ConfigAsync("--fail-batches", "1", "--permanent-error-rate", "0.05", "--in-progress", "8s", "--seed", "2");
        // Other tasks for the list to show beside it.
        await Studio.SucceededTaskAsync();
        await Studio.TaskWithFailuresAsync();
        await RefusedTaskAsync();
        await Studio.StartTaskAsync("faulty", Studio.Input(500), faulty);
        var page = await Studio.OpenAsync("/tasks/faulty");

        var failed = page.Locator("[data-testid=chunk-matrix] a.chunk[data-state=failed]");
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=task-status] [data-status=running]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=step-rail] [data-state=current]")).ToHaveCountAsync(1);
        await StudioScreenshots.ShootAsync(page, "task-mid-run.png");

        await failed.ClickAsync();
        var drawer = page.Locator("[data-testid=chunk-drawer]");
        await Expect(drawer.Locator("[data-field=remote_state]")).ToHaveTextAsync("failed");
        await Expect(drawer.Locator("[data-field=batch_id]")).ToContainTextAsync("batch_");
        await StudioScreenshots.ShootAsync(page, "chunk-drawer.png");

        await Expect(page.Locator("[data-testid=task-status] [data-status=finished_with_failures]")).ToBeVisibleAsync();
        var list = await Studio.OpenAsync("/");
        var row = list.Locator("tr[data-task=faulty]");
        await Expect(row.Locator("[data-status=finished_with_failures]")).ToBeVisibleAsync();
        await Expect(row.Locator("td[data-col=failed]")).Not.ToHaveTextAsync("0");
        await Expect(row.Locator("td[data-col=pending]")).ToHaveTextAsync("0");
        await StudioScreenshots.ShootAsync(list, "tasks.png");
    }

    /// <summary>A task against a provider that accepts only another token: every upload is answered 401, which no retry mends.</summary>
    private Task<string> RefusedTaskAsync() => Studio.OnceAsync("task refused", async () =>
    {
        await Studio.StartTaskAsync("refused", Studio.Input(300), await Studio.ConfigAsync("--token", "not-our-password"));
        return "refused";
    });
}
