using Microsoft.Playwright;

namespace BatchInfer.Tests.Studio;

/// <summary>With <c>STUDIO_SCREENSHOTS=DIR</c>, the Studio tests save full-page PNGs of what they look at (docs/studio/ holds the ones the docs show).</summary>
internal static class StudioScreenshots
{
    private static readonly string? Directory = Environment.GetEnvironmentVariable("STUDIO_SCREENSHOTS");

    public static async Task ShootAsync(IPage page, string name)
    {
        if (string.IsNullOrEmpty(Directory))
        {
            return;
        }
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory, name), FullPage = true });
    }
}
