// How long the Studio takes to show a big state: from navigation to [data-studio-ready=True] (the live page has its first
// snapshot) for the tasks page with 100 tasks and for the task page of a task of 10,000 chunks. The state is made the way a
// user makes it: the real CLI hands the tasks to the real daemon, which runs them against the standalone simulator
// (batches take no time there, so the 10,000 one-line chunks are bound by the engine, not by waiting).
// Usage: dotnet run -c Release --project benchmarks/studio [-- RUNS]   (default 7 runs a page; prints the figures)
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using BatchInfer.StudioBenchmark;
using BatchInfer.Tests;
using BatchInfer.Tests.Studio;
using Microsoft.Playwright;

const int SmallTasks = 100;
const int BigChunks = 10_000;
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var work = Directory.CreateTempSubdirectory("studio-benchmark-").FullName;
Console.WriteLine($"load average before: {LoadAverage()}");

using var simulator = Cli.Start(work, "simulate", "--port", "0", "--validating", "0ms", "--in-progress", "0ms", "--finalizing", "0ms");
var providerUrl = Regex.Match(await simulator.StandardOutput.ReadLineAsync() ?? "", @"http://127\.0\.0\.1:\d+/v1").Value;
var gsm8k = File.ReadAllLines(TestPaths.Data("gsm8k.messages.jsonl"));
var small = Write("small.jsonl", gsm8k.Take(10));
var big = Write("big.jsonl", Enumerable.Range(0, BigChunks).Select(i => gsm8k[i % gsm8k.Length]));
var smallConfig = Write("small.yaml", [Config(linesPerChunk: 10)]);
var bigConfig = Write("big.yaml", [Config(linesPerChunk: 1)]);

try
{
    var setup = Stopwatch.StartNew();
    await Cli.RunAsync(work, "-pipeline", big, "-task-id", "big", "-config", bigConfig, "--detach");
    for (var i = 0; i < SmallTasks; i++)
    {
        await Cli.RunAsync(work, "-pipeline", small, "-task-id", $"task-{i:D3}", "-config", smallConfig, "--detach");
    }
    Console.WriteLine($"{SmallTasks} tasks handed over in {setup.Elapsed.TotalSeconds:0.0} s");
    using var api = Api();
    await WaitUntilAllFinishedAsync(api);
    Console.WriteLine($"all {SmallTasks + 1} tasks finished {setup.Elapsed.TotalSeconds:0.0} s after the first was handed over");

    var (playwright, browser) = await StudioBrowser.LaunchAsync();
    using (playwright)
    await using (browser)
    {
        var link = await Cli.RunAsync(work, "studio", "--no-open");
        var context = await browser.NewContextAsync(new() { BaseURL = new Uri(link).GetLeftPart(UriPartial.Authority) });
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync(link);
        await signIn.Locator(StudioBrowser.Ready).WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await signIn.CloseAsync();

        Console.WriteLine($"load average before measuring: {LoadAverage()}");
        await ReportAsync(context, "/", "tr[data-task]", SmallTasks + 1, $"tasks page, {SmallTasks + 1} tasks");
        await ReportAsync(context, "/tasks/big", "[data-testid=chunk-matrix] a.chunk", BigChunks, $"task page, {BigChunks:N0} chunks");
        Console.WriteLine($"load average after: {LoadAverage()}");
    }
}
finally
{
    await Cli.RunAsync(work, "daemon", "stop");
    simulator.Kill();
}

// One warm-up visit (the first render of a page type compiles its code), then RUNS timed visits in fresh pages.
async Task ReportAsync(IBrowserContext context, string path, string items, int expected, string what)
{
    var times = new List<double>();
    for (var run = 0; run <= runs; run++)
    {
        var page = await context.NewPageAsync();
        var watch = Stopwatch.StartNew();
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator(StudioBrowser.Ready).WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        var elapsed = watch.Elapsed.TotalMilliseconds;
        var shown = await page.Locator(items).CountAsync();
        if (shown != expected)
        {
            throw new InvalidOperationException($"{what}: {shown} items shown, {expected} expected");
        }
        if (run > 0)
        {
            times.Add(elapsed);
        }
        await page.CloseAsync();
    }
    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: median {times[times.Count / 2]:0} ms to ready (min {times[0]:0}, max {times[^1]:0}, {runs} runs)"));
}

async Task WaitUntilAllFinishedAsync(HttpClient api)
{
    string[] final = ["succeeded", "finished_with_failures", "cancelled"];
    while (true)
    {
        using var tasks = JsonDocument.Parse(await api.GetStringAsync("/api/tasks"));
        var open = tasks.RootElement.EnumerateArray().Count(t => !final.Contains(t.GetProperty("status").GetString()));
        if (open == 0)
        {
            return;
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
    }
}

HttpClient Api()
{
    using var daemon = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, ".daemon.lock")));
    var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{daemon.RootElement.GetProperty("port").GetInt32()}/") };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", daemon.RootElement.GetProperty("token").GetString());
    return http;
}

string Config(int linesPerChunk) => $"""
    model:
      domain: "benchmark-model"
      password: "benchmark-password"
      max_tokens: 256
      base_url: "{providerUrl}"
    poll_interval_seconds: 0.5
    lines_per_chunk: {linesPerChunk}
    """;

string Write(string name, IEnumerable<string> lines)
{
    var path = Path.Combine(work, name);
    File.WriteAllLines(path, lines);
    return path;
}

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
