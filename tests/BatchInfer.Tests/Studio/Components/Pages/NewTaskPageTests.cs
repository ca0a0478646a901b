using System.Globalization;
using BatchInfer.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Pages;

/// <summary>A task started from the browser (NewTaskPage.razor): upload, configuration form, plan preview, start.</summary>
public sealed class NewTaskPageTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task UploadPreviewStart_InputFromTheBrowser_PlanMatchesAndTheTaskCompletes()
    {
        var local = Path.Combine(Path.GetTempPath(), $"browser-{Guid.NewGuid():N}.jsonl");
        var lines = File.ReadLines(TestPaths.Data("gsm8k.messages.jsonl")).Take(250).Append("this line is not JSON").ToList();
        await File.WriteAllLinesAsync(local, lines);
        try
        {
            var page = await Studio.OpenAsync("/new");

            await page.Locator("[data-testid=input-file]").SetInputFilesAsync(local);
            await page.Locator("[data-testid=upload]").ClickAsync();
            await Expect(page.Locator("[data-testid=upload-message]")).ToContainTextAsync("Uploaded inputs/" + Path.GetFileName(local));
            var uploaded = Path.Combine(Studio.Work.Path, "inputs", Path.GetFileName(local));
            Assert.Equal(await File.ReadAllBytesAsync(local), await File.ReadAllBytesAsync(uploaded));

            // The configuration form starts from config.yaml and is checked as it is edited.
            var chunkSize = page.Locator("input[data-key=lines_per_chunk]");
            await Expect(chunkSize).ToHaveValueAsync("100");
            await chunkSize.FillAsync("0");
            await chunkSize.PressAsync("Tab");
            await Expect(page.Locator("[data-testid=config-problems] [data-problem=lines_per_chunk]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=preview]")).ToBeDisabledAsync();
            await chunkSize.FillAsync("60");
            await chunkSize.PressAsync("Tab");
            await Expect(page.Locator("[data-testid=config-problems]")).ToHaveCountAsync(0);

            await page.Locator("input[data-testid=task-id]").FillAsync("from-browser");
            await page.Locator("[data-testid=preview]").ClickAsync();
            var plan = page.Locator("[data-testid=plan][data-complete=True]");
            await Expect(plan.Locator("[data-figure=plan-valid]")).ToHaveTextAsync("250");
            await Expect(plan.Locator("[data-figure=plan-invalid]")).ToHaveTextAsync("1");
            await Expect(plan.Locator("[data-figure=plan-chunks]")).ToHaveTextAsync("5");
            await Expect(plan.Locator("[data-invalid-line='251']")).ToBeVisibleAsync();

            await page.Locator("[data-testid=start]").ClickAsync();
            await page.WaitForURLAsync("**/tasks/from-browser");
            await Expect(page.Locator("[data-testid=task-status] [data-status=finished_with_failures]")).ToBeVisibleAsync();
            var counts = RecordInvariant.AssertHolds(uploaded, Studio.Work.Merged("from-browser"));
            Assert.Equal(250, counts.Succeeded);
            await Expect(page.Locator("[data-figure=succeeded]")).ToHaveTextAsync(counts.Succeeded.ToString("N0", CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(local);
        }
    }

    [Fact]
    public async Task Upload_200MegabyteInput_ArrivesWholeAndTheDaemonsMemoryStaysFlat()
    {
        const long Size = 200L * 1024 * 1024;
        var local = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.jsonl");
        await using (var file = File.Create(local))
        {
            var lines = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(TestPaths.Data("gsm8k.messages.jsonl")).Take(2000)) + "\n");
            while (file.Length < Size)
            {
                await file.WriteAsync(lines);
            }
        }
        try
        {
            var page = await Studio.OpenAsync("/new");
            var baseline = ResidentMegabytes(Studio.Daemon.Pid);
            using var sampling = new CancellationTokenSource();
            var peak = SamplePeakAsync(Studio.Daemon.Pid, sampling.Token);

            await page.Locator("[data-testid=input-file]").SetInputFilesAsync(local);
            await page.Locator("[data-testid=upload]").ClickAsync();
            await Expect(page.Locator("[data-testid=upload-message]")).ToContainTextAsync("Uploaded inputs/" + Path.GetFileName(local));
            await sampling.CancelAsync();

            var uploaded = new FileInfo(Path.Combine(Studio.Work.Path, "inputs", Path.GetFileName(local)));
            Assert.Equal(new FileInfo(local).Length, uploaded.Length);
            // Streamed to disk: the daemon's resident memory must not grow by anything near the 200 MB it received.
            var growth = await peak - baseline;
            Assert.True(growth < 64, $"the daemon's resident memory grew by {growth} MB while receiving a 200 MB upload");
            uploaded.Delete();
        }
        finally
        {
            File.Delete(local);
        }
    }

    private static long ResidentMegabytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

    private static async Task<long> SamplePeakAsync(int pid, CancellationToken stop)
    {
        var peak = ResidentMegabytes(pid);
        using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await every.WaitForNextTickAsync(stop))
            {
                peak = Math.Max(peak, ResidentMegabytes(pid));
            }
        }
        catch (OperationCanceledException)
        {
            // The upload is done.
        }
        return peak;
    }
}
