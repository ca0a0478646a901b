using BatchInfer.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Pages;

/// <summary>The task page (TaskPage.razor) in chromium, against the live daemon.</summary>
public sealed class TaskPageTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task ChunkDeepLink_FreshPage_DrawerShowsThatChunksBatch()
    {
        var task = await Studio.SucceededTaskAsync();
        var chunk = (await Studio.TaskJsonAsync(task)).GetProperty("chunks").EnumerateArray()
            .Single(c => c.GetProperty("round").GetInt32() == 0 && c.GetProperty("chunk").GetInt32() == 3);
        var batchId = chunk.GetProperty("batch_id").GetString()!;

        var page = await Studio.OpenAsync($"/tasks/{task}?round=0&chunk=3");

        var drawer = page.Locator("[data-testid=chunk-drawer]");
        await Expect(drawer.Locator("h2")).ToHaveTextAsync("Round 1, chunk 3");
        await Expect(drawer.Locator("[data-field=batch_id]")).ToHaveTextAsync(batchId);
        await Expect(drawer.Locator("[data-field=remote_state]")).ToHaveTextAsync("completed");
        await Expect(drawer.Locator("[data-field=raw]")).ToContainTextAsync(batchId);
        await Expect(page.Locator("[data-testid=chunk-matrix] a.chunk[data-chunk='3']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("chunk-selected"));
    }

    [Fact]
    public async Task CancelFromPage_Confirmed_TaskEndsCancelledAndEveryRecordAccountedFor()
    {
        var input = Studio.Input(300);
        await Studio.StartTaskAsync("slow", input, await Studio.ConfigAsync("--in-progress", "60s"));
        var page = await Studio.OpenAsync("/tasks/slow");
        // Wait until the provider works on the batches, so that the cancel has batches to cancel at the provider.
        await Expect(page.Locator("[data-testid=chunk-matrix] a.chunk[data-state=running]")).ToHaveCountAsync(3);

        await page.Locator("[data-testid=cancel-task]").ClickAsync();
        await Expect(page.Locator("[data-testid=confirm-panel]")).ToContainTextAsync("Cancel task slow?");
        await page.Locator("[data-testid=confirm-cancel]").ClickAsync();

        await Expect(page.Locator("[data-testid=task-status] [data-status=cancelled]")).ToBeVisibleAsync();
        await Expect(page.Locator("a[data-download='missing_records.jsonl']")).ToBeVisibleAsync();
        var counts = RecordInvariant.AssertHolds(input, Studio.Work.Merged("slow"));
        Assert.Equal(300, counts.Succeeded + counts.Failed + counts.Missing);
        Assert.True(counts.Missing > 0, "the cancel left nothing unanswered: it came too late to test anything");
        await Expect(page.Locator("[data-figure=missing]")).ToHaveTextAsync(counts.Missing.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CancelFromPage_KeepRunning_NothingCancelled()
    {
        await Studio.StartTaskAsync("kept", Studio.Input(100), await Studio.ConfigAsync("--in-progress", "60s"));
        var page = await Studio.OpenAsync("/tasks/kept");

        await page.Locator("[data-testid=cancel-task]").ClickAsync();
        await page.Locator("[data-testid=keep-running]").ClickAsync();

        await Expect(page.Locator("[data-testid=confirm-panel]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=cancel-task]")).ToBeEnabledAsync();
        var status = (await Studio.TaskJsonAsync("kept")).GetProperty("summary").GetProperty("status").GetString();
        Assert.True(status is "splitting" or "running", $"the task is {status}");
    }

    [Fact]
    public async Task ChineseDataSet_TaskPageShowsFiguresAndServesOutputVerbatim()
    {
        var input = Studio.Input(200, "sharegpt-zh.messages.jsonl");
        // Exit 3: the Spark profile's 6 KB body limit turns a few of these long conversations away as invalid input.
        await Studio.RunTaskAsync("zh", input);
        var counts = RecordInvariant.AssertHolds(input, Studio.Work.Merged("zh"));
        var page = await Studio.OpenAsync("/tasks/zh");

        await Expect(page.Locator("[data-figure=succeeded]")).ToHaveTextAsync(counts.Succeeded.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[data-download='output.jsonl']").ClickAsync());

        var served = await File.ReadAllBytesAsync(await download.PathAsync());
        var merged = await File.ReadAllBytesAsync(Path.Combine(Studio.Work.Merged("zh"), "output.jsonl"));
        Assert.Equal(merged, served);
        // The answers echo the conversations: the Chinese text came through, whatever escapes the JSON uses.
        var answer = System.Text.Json.JsonDocument.Parse(System.Text.Encoding.UTF8.GetString(served).Split('\n')[0]).RootElement
            .GetProperty("response").GetProperty("body").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Matches("[\u4e00-\u9fff]", answer);
    }
}
