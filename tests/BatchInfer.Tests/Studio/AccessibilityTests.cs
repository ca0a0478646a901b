using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace BatchInfer.Tests.Studio;

/// <summary>Every Studio page passes axe-core without a serious or critical violation (keyboard, names, contrast, structure).</summary>
public sealed class AccessibilityTests(StudioFixture studio) : StudioTest(studio)
{
    public static TheoryData<string> Pages => ["/", "/tasks/with-failures", "/tasks/with-failures?round=0&chunk=1", "/new", "/designer", "/overview"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_Axe_NoSeriousOrCriticalViolation(string path)
    {
        await Studio.TaskWithFailuresAsync();
        var page = await Studio.OpenAsync(path);

        var results = await page.RunAxe();

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Id} ({violation.Impact}): {violation.Help} — {string.Join("; ", violation.Nodes.Take(3).Select(n => n.Html))}";
}
