namespace BatchInfer.Tests.EndToEnd;

/// <summary>A whole run whose every request and response an independent validator checks against the OpenAPI document.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class SpecValidatedEndToEndTests
{
    [Fact]
    public async Task Pipeline_ThroughSpecValidatingProxy_NoViolationAndInvariantHolds()
    {
        // The OpenAI profile speaks the document's status spellings; failed records make an error file and a second round.
        using var simulator = await SimulatorProcess.StartAsync("--profile", "openai", "--error-rate", "0.05", "--in-progress", "1s", "--seed", "11");
        using var proxy = await SpecValidatingProxy.StartAsync(simulator.BaseUrl[..simulator.BaseUrl.LastIndexOf("/v1", StringComparison.Ordinal)]);
        using var work = new WorkDirectory(proxy.BaseUrl, "lines_per_chunk: 2000\nmax_retry_count: 2", provider: "openai");
        var input = TestPaths.Data("gsm8k.messages.jsonl");

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work.Path, work.PipelineArgs(input, "spec"), TimeSpan.FromMinutes(8));

        Assert.True(code is 0 or 3, $"exit {code}\n{stdout}\n{stderr}\n{proxy.Log}");
        var counts = RecordInvariant.AssertHolds(input, work.Merged("spec"));
        Assert.Equal(8792, counts.Valid);
        Assert.Empty(proxy.Problems);
        // The proxy saw every kind of call: upload, create, poll, and both downloads.
        var log = proxy.Log;
        foreach (var call in new[] { "post /v1/files", "post /v1/batches", "get /v1/batches/", "/content" })
        {
            Assert.Contains(call, log, StringComparison.Ordinal);
        }
    }
}
