using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Pages;

/// <summary>The tasks page's search by custom_id in chromium, against the live daemon: the hit, and the way to its chunk.</summary>
public sealed class TasksPageRecordSearchTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task Search_ByCustomId_HitShowsChunkLineAndOutcomeAndLeadsToTheChunkDrawer()
    {
        // GSM8K lines carry no custom_id: a record's id is its line number, and line 317 is in chunk 3 (100 lines a chunk).
        var task = await Studio.SucceededTaskAsync();
        var page = await Studio.OpenAsync("/");

        await page.Locator("[data-testid=search] input").FillAsync("317");

        await page.WaitForURLAsync("**/?q=317");
        var search = page.Locator("[data-testid=record-search]");
        await Expect(search).ToHaveAttributeAsync("data-state", "done");
        var hit = search.Locator($"tr[data-hit={task}]");
        await Expect(hit.Locator("td").Nth(2)).ToHaveTextAsync("317");
        await Expect(hit.Locator("[data-outcome]")).ToHaveTextAsync("answered");
        await hit.Locator("[data-testid=hit-chunk]").ClickAsync();

        await page.WaitForURLAsync($"**/tasks/{task}?round=0&chunk=3");
        await Expect(page.Locator("[data-testid=chunk-drawer] h2")).ToHaveTextAsync("Round 1, chunk 3");
    }
}
