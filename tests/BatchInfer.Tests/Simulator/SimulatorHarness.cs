using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BatchInfer.Simulator;

namespace BatchInfer.Tests.Simulator;

/// <summary>A running simulator, a raw HTTP client for it and a temp directory for inputs: the simulator's own tests speak plain HTTP.</summary>
internal sealed class SimulatorHarness : IAsyncDisposable
{
    public const string Token = "sim-test-token";

    private SimulatorHarness(SimulatorServer server, string directory)
    {
        Server = server;
        Directory = directory;
        Http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public SimulatorServer Server { get; }

    public HttpClient Http { get; }

    public string Directory { get; }

    public static async Task<SimulatorHarness> StartAsync(SimulatorOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "batchinfer-simtest-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var server = await SimulatorServer.StartAsync(options ?? new SimulatorOptions { Seed = 7 }, CancellationToken.None);
        return new SimulatorHarness(server, directory);
    }

    public static string RequestLine(string customId, string content, string model = "sim-model") =>
        JsonSerializer.Serialize(new
        {
            custom_id = customId,
            method = "POST",
            url = "/v1/chat/completions",
            body = new { model, messages = new[] { new { role = "user", content } }, max_tokens = 16 },
        });

    /// <summary>An input file of <paramref name="count"/> valid requests r1..rN asking "question i".</summary>
    public string WriteInput(int count, string name = "input.jsonl") =>
        WriteLines(Enumerable.Range(1, count).Select(i => RequestLine($"r{i}", $"question {i}")), name);

    public string WriteLines(IEnumerable<string> lines, string name = "input.jsonl")
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N")[..8] + "-" + name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public async Task<HttpResponseMessage> PostFileAsync(string path, string? fileName = null, string purpose = "batch")
    {
        // The form as the client writes it: the simulator, like strict gateways, refuses unquoted names.
        using var form = BatchInfer.Activities.Inference.UploadFormContent.Create(path, fileName ?? Path.GetFileName(path), purpose);
        return await Http.PostAsync("files", form);
    }

    public async Task<string> UploadAsync(string path)
    {
        using var response = await PostFileAsync(path);
        var json = await ReadAsync(response);
        return json.GetProperty("id").GetString()!;
    }

    public Task<HttpResponseMessage> PostBatchAsync(object body) =>
        Http.PostAsync("batches", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public async Task<JsonElement> CreateBatchAsync(string fileId, Dictionary<string, string>? metadata = null)
    {
        using var response = await PostBatchAsync(new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h", metadata });
        return await ReadAsync(response);
    }

    public async Task<JsonElement> GetBatchAsync(string batchId)
    {
        using var response = await Http.GetAsync($"batches/{batchId}");
        return await ReadAsync(response);
    }

    public async Task<JsonElement> CancelAsync(string batchId)
    {
        using var response = await Http.PostAsync($"batches/{batchId}/cancel", null);
        return await ReadAsync(response);
    }

    /// <summary>Polls until the batch satisfies <paramref name="until"/>, collecting every status seen on the way.</summary>
    public async Task<(JsonElement Batch, List<string> Seen)> WaitForAsync(string batchId, Func<JsonElement, bool> until, int seconds = 30)
    {
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var batch = await GetBatchAsync(batchId);
            var status = batch.GetProperty("status").GetString()!;
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }
            if (until(batch))
            {
                return (batch, seen);
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"batch {batchId} did not get there in {seconds} s; statuses seen: {string.Join(" > ", seen)}");
            await Task.Delay(20);
        }
    }

    public Task<(JsonElement Batch, List<string> Seen)> WaitForEndAsync(string batchId) =>
        WaitForAsync(batchId, b => b.GetProperty("status").GetString() is "completed" or "failed" or "expired" or "cancelled" or "canceled");

    public async Task<List<JsonElement>> DownloadLinesAsync(JsonElement fileId)
    {
        if (fileId.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        var text = await Http.GetStringAsync($"files/{fileId.GetString()}/content");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {json}");
        return json;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
