using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Pages;

/// <summary>The tasks page (TasksPage.razor) in chromium, against the live daemon.</summary>
public sealed class TasksPageTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task TaskStartedByCli_RowAppearsAndTurnsSucceeded_WithoutReload()
    {
        var page = await Studio.OpenAsync("/");
        await page.EvaluateAsync("window.__marker = 1");
        var row = page.Locator("tr[data-task=live]");
        await Expect(row).ToHaveCountAsync(0);

        await Studio.StartTaskAsync("live", Studio.Input(300));

        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("[data-status=succeeded]")).ToBeVisibleAsync();
        await Expect(row.Locator("td[data-col=succeeded]")).ToHaveTextAsync("300");
        await Expect(row.Locator("td[data-col=pending]")).ToHaveTextAsync("0");
        // A reload would have dropped the marker: the row came over the live connection.
        Assert.Equal(1, await page.EvaluateAsync<int?>("window.__marker"));
    }

    [Fact]
    public async Task StatusFilter_OpenTaskThenBack_FilterStillApplied()
    {
        var succeeded = await Studio.SucceededTaskAsync();
        var withFailures = await Studio.TaskWithFailuresAsync();
        var page = await Studio.OpenAsync("/");
        await Expect(page.Locator($"tr[data-task={withFailures}]")).ToBeVisibleAsync();

        await page.Locator("[data-filter=succeeded]").ClickAsync();
        await page.WaitForURLAsync("**/?status=succeeded");
        await Expect(page.Locator($"tr[data-task={withFailures}]")).ToHaveCountAsync(0);
        await page.Locator($"tr[data-task={succeeded}] a").ClickAsync();
        await page.WaitForURLAsync($"**/tasks/{succeeded}");
        await Expect(page.Locator("[data-testid=task-status] [data-status=succeeded]")).ToBeVisibleAsync();
        await page.GoBackAsync();

        await page.WaitForURLAsync("**/?status=succeeded");
        await Expect(page.Locator(StudioBrowser.Ready)).ToBeAttachedAsync();
        await Expect(page.Locator($"tr[data-task={succeeded}]")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-task={withFailures}]")).ToHaveCountAsync(0);
        await Expect(page.Locator("tbody tr[data-task] [data-status]:not([data-status=succeeded])")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Search_ByTaskIdWhileListRefreshes_OnlyMatchingRowsAndQueryInUrl()
    {
        var succeeded = await Studio.SucceededTaskAsync();
        var withFailures = await Studio.TaskWithFailuresAsync();
        // A running task refreshes the list while the user types: a search applied only on the input's change event
        // was lost whenever a refresh came between typing and Enter.
        await Studio.StartTaskAsync("busy", Studio.Input(100), await Studio.ConfigAsync("--in-progress", "60s"));
        var page = await Studio.OpenAsync("/");

        await page.Locator("[data-testid=search] input").FillAsync(withFailures);
        await page.Locator("[data-testid=search] input").PressAsync("Enter");

        await page.WaitForURLAsync($"**/?q={withFailures}");
        await Expect(page.Locator($"tr[data-task={withFailures}]")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-task={succeeded}]")).ToHaveCountAsync(0);
    }
}
