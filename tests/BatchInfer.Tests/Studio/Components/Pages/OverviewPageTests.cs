using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Pages;

/// <summary>The Overview (OverviewPage.razor) names the daemon that serves it.</summary>
public sealed class OverviewPageTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task Overview_DaemonFiguresAreThoseOfTheRunningDaemon()
    {
        await Studio.SucceededTaskAsync();

        var page = await Studio.OpenAsync("/overview");

        await Expect(page.Locator("[data-testid=daemon] [data-field=pid]")).ToHaveTextAsync(Studio.Daemon.Pid.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-testid=daemon] [data-field=directory]")).ToHaveTextAsync(Studio.Work.Path);
        await Expect(page.Locator("[data-testid=daemon] [data-field=studio-pages]")).Not.ToHaveTextAsync("0");
        using var tasks = System.Text.Json.JsonDocument.Parse(await Studio.Api.GetStringAsync("/api/tasks"));
        await StudioScreenshots.ShootAsync(page, "overview.png");
        await Expect(page.Locator("[data-figure=tasks-all]")).ToHaveTextAsync(tasks.RootElement.GetArrayLength().ToString("N0", CultureInfo.InvariantCulture));
    }
}
