using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>The standalone simulator (<c>batch_infer simulate</c>) as a separate process on a free loopback port.</summary>
internal sealed partial class SimulatorProcess : IDisposable
{
    private static readonly HttpClient Http = new();

    private readonly BatchInferProcess _process;

    private SimulatorProcess(BatchInferProcess process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<SimulatorProcess> StartAsync(params string[] options)
    {
        var process = BatchInferProcess.Start(TestPaths.NewWorkDirectory(), ["simulate", "--port", "0", .. options]);
        var line = await process.FirstLineAsync(TimeSpan.FromSeconds(60));
        var url = UrlPattern().Match(line);
        Assert.True(url.Success, $"simulator did not announce its address: {line}\n{process.Stderr}");
        return new SimulatorProcess(process, url.Value.TrimEnd('/'));
    }

    public async Task<JsonElement> StatsAsync()
    {
        var root = BaseUrl[..BaseUrl.LastIndexOf("/v1", StringComparison.Ordinal)];
        return await Http.GetFromJsonAsync<JsonElement>(root + "/_simulator/stats");
    }

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/v1/?")]
    private static partial Regex UrlPattern();
}
