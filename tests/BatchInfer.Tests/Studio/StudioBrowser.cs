using Microsoft.Playwright;

namespace BatchInfer.Tests.Studio;

/// <summary>
/// Debian's chromium under Playwright. The Studio tests and benchmark drive the browser the machine has, never one that
/// Playwright downloads (none can be fetched here), so a machine without it must say what to install instead of skipping.
/// </summary>
internal static class StudioBrowser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>What a page sets on its root once the live (interactive) page has its first snapshot.</summary>
    public const string Ready = "[data-studio-ready=True]";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: the Studio tests drive Debian's chromium. Install it: apt-get install -y chromium fonts-noto-cjk");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
        return (playwright, browser);
    }
}
