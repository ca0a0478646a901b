using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio.Components.Parts;

/// <summary>The chunk drawer's answers (ChunkDetails.razor) are the model's text, shown as text: markup in them never runs.</summary>
public sealed class ChunkDetailsTests(StudioFixture studio) : StudioTest(studio)
{
    // Short enough for the simulator to quote it whole in its answer (it quotes the first 64 characters of the question).
    private const string Payload = "<script>window.__xss=1</script><img src=x onerror=\"__xss=2\">";

    [Fact]
    public async Task Answers_HoldMarkup_ShownAsTextAndNothingRuns()
    {
        var input = Path.Combine(Studio.Work.Path, "xss.jsonl");
        var line = System.Text.Json.JsonSerializer.Serialize(new { custom_id = "xss-1", messages = new[] { new { role = "user", content = Payload } } });
        await File.WriteAllLinesAsync(input, [line]);
        Assert.Equal(0, await Studio.RunTaskAsync("xss", input));

        var page = await Studio.OpenAsync("/tasks/xss?round=0&chunk=0");

        var answer = page.Locator("[data-testid=chunk-drawer] [data-answer='xss-1']");
        await Expect(answer).ToContainTextAsync(Payload);
        await Expect(page.Locator("[data-testid=chunk-drawer] [data-answer] img")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
    }
}
