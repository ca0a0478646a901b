using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Pages;

/// <summary>The pipeline designer (DesignerPage.razor): a parameter edited becomes a new version; an invalid one saves nothing.</summary>
public sealed class DesignerPageTests(StudioFixture studio) : StudioTest(studio)
{
    [Fact]
    public async Task EditParameter_InvalidThenValid_OnlyTheValidOneIsSavedAsTheNextVersion()
    {
        var versions = Path.Combine(Studio.Work.Path, "workflows");
        var before = Directory.Exists(versions) ? Directory.GetFiles(versions).Length : 0;
        var page = await Studio.OpenAsync("/designer");

        await page.Locator("[data-testid=designer-steps] [data-step=upload-chunk]").ClickAsync();
        var uploads = page.Locator("input[data-parameter=uploads_in_flight_per_endpoint]");
        await uploads.FillAsync("0");
        await Expect(page.Locator("[data-testid=designer-problems] [data-problem='parameters.uploads_in_flight_per_endpoint']")).ToContainTextAsync("out of range");
        await Expect(page.Locator("[data-testid=save-version]")).ToBeDisabledAsync();
        Assert.Equal(before, Directory.Exists(versions) ? Directory.GetFiles(versions).Length : 0);

        await uploads.FillAsync("7");
        await Expect(page.Locator("[data-testid=designer-problems]")).ToHaveCountAsync(0);
        await page.Locator("input[data-testid=version-note]").FillAsync("seven uploads at once");
        await page.Locator("[data-testid=version-note]").PressAsync("Tab");
        await page.Locator("[data-testid=save-version]").ClickAsync();

        await Expect(page.Locator("[data-testid=saved-message]")).ToContainTextAsync("Saved version");
        var saved = Assert.Single(Directory.GetFiles(versions), f => File.ReadAllText(f).Contains("seven uploads at once", StringComparison.Ordinal));
        Assert.Contains("uploads_in_flight_per_endpoint: '7'", await File.ReadAllTextAsync(saved), StringComparison.Ordinal);
        Assert.Equal(before + 1, Directory.GetFiles(versions).Length);
        await Expect(page.Locator("[data-testid=versions] tr").Filter(new() { HasText = "seven uploads at once" })).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=diff]")).ToContainTextAsync("+   uploads_in_flight_per_endpoint: '7'");
        await page.Locator("[data-testid=designer-steps] [data-step=upload-chunk]").ClickAsync();
        await StudioScreenshots.ShootAsync(page, "designer.png");
    }
}
