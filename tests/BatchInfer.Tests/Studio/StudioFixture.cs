using BatchInfer.Host.Daemon;
using BatchInfer.Tests.EndToEnd;
using BatchInfer.Tests.Host.Daemon;
using Microsoft.Playwright;

namespace BatchInfer.Tests.Studio;

/// <summary>
/// What the Studio tests share, as a user would have it: the standalone simulator in its own process, one work directory
/// (100-line chunks), the real daemon started there by <c>batch_infer studio</c>, chromium, and a browser context signed
/// in through the link that command printed. Slower or faulty providers are further simulators, started when a test first
/// needs one, with a configuration file of their own in the same directory, so that every task runs in the one daemon.
/// </summary>
public sealed class StudioFixture : IAsyncLifetime
{
    /// <summary>For whole tasks and for Playwright's auto-waiting: the machine is shared, a slow run must not fail a test.</summary>
    public static readonly TimeSpan Generous = DaemonWork.Generous;

    private readonly Dictionary<string, Task<string>> _made = [];
    private readonly List<SimulatorProcess> _simulators = [];
    private IPlaywright? _playwright;

    internal WorkDirectory Work { get; private set; } = null!;

    internal DaemonInfo Daemon { get; private set; } = null!;

    /// <summary>The API with the daemon's token, as the CLI talks to it.</summary>
    internal HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Signed in once; tests open their pages here (and <see cref="StudioTest"/> closes them after each test).</summary>
    public IBrowserContext Context { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The browser first: without chromium nothing else is worth starting, and the message says what to install.
        (_playwright, Browser) = await StudioBrowser.LaunchAsync();
        Assertions.SetDefaultExpectTimeout((float)Generous.TotalMilliseconds);
        var fast = await SimulatorProcess.StartAsync();
        _simulators.Add(fast);
        Work = new WorkDirectory(fast.BaseUrl, "lines_per_chunk: 100");
        var link = await SignInLinkAsync();
        Daemon = await DaemonWork.LiveDaemonAsync(Work.Path);
        Api = DaemonWork.Http(Daemon, Daemon.Token);
        Context = await SignedInContextAsync(link);
    }

    /// <summary>A fresh one-time sign-in URL from <c>batch_infer studio --no-open [ID]</c>, which starts the daemon when none runs.</summary>
    public async Task<string> SignInLinkAsync(string? taskId = null)
    {
        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(
            Work.Path, ["studio", .. taskId is null ? Array.Empty<string>() : [taskId], "--no-open"], Generous);
        Assert.True(code == 0, $"batch_infer studio exited {code}\n{stdout}\n{stderr}");
        var line = stdout.Trim();
        Assert.StartsWith("http://127.0.0.1:", line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>A browser context without any session; paths resolve against the daemon.</summary>
    public Task<IBrowserContext> NewContextAsync() =>
        Browser.NewContextAsync(new() { BaseURL = Daemon.BaseAddress.ToString() });

    /// <summary>A new context that opened <paramref name="link"/> (a fresh one when null) and landed, signed in, on a live page.</summary>
    public async Task<IBrowserContext> SignedInContextAsync(string? link = null)
    {
        link ??= await SignInLinkAsync();
        var context = await Browser.NewContextAsync(new() { BaseURL = new Uri(link).GetLeftPart(UriPartial.Authority) });
        context.SetDefaultTimeout((float)Generous.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator(StudioBrowser.Ready)).ToBeAttachedAsync();
        await page.CloseAsync();
        return context;
    }

    /// <summary>A new page of the signed-in context at <paramref name="path"/>, once it is live.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator(StudioBrowser.Ready)).ToBeAttachedAsync();
        return page;
    }

    /// <summary>The first <paramref name="lines"/> lines of a data set the repository ships, as a file of the work directory.</summary>
    public string Input(int lines, string dataSet = "gsm8k.messages.jsonl")
    {
        var path = Path.Combine(Work.Path, $"{Path.GetFileNameWithoutExtension(dataSet)}-{lines}.jsonl");
        if (!File.Exists(path))
        {
            File.WriteAllLines(path, File.ReadLines(TestPaths.Data(dataSet)).Take(lines));
        }
        return path;
    }

    /// <summary>
    /// The configuration of a simulator started with <paramref name="simulatorOptions"/>, the same file for the same
    /// options: a slow provider (<c>--in-progress 60s</c>) or one that fails records.
    /// </summary>
    public Task<string> ConfigAsync(params string[] simulatorOptions) =>
        OnceAsync("simulator " + string.Join(' ', simulatorOptions), () => StartSimulatorAsync(simulatorOptions));

    /// <summary>What <paramref name="make"/> makes, made once for every test that asks by the same <paramref name="key"/> (tests run one at a time).</summary>
    public Task<string> OnceAsync(string key, Func<Task<string>> make)
    {
        if (!_made.TryGetValue(key, out var made))
        {
            _made[key] = made = make();
        }
        return made;
    }

    /// <summary>Hands a task to the daemon with <c>-pipeline … --detach</c> and returns at once.</summary>
    public async Task StartTaskAsync(string taskId, string input, string? configPath = null)
    {
        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(Work.Path, [.. Work.PipelineArgs(input, taskId, configPath), "--detach"], Generous);
        Assert.True(code == 0, $"-pipeline --detach exited {code}\n{stdout}\n{stderr}");
    }

    /// <summary>Runs a task with <c>-pipeline</c> to its end and returns the exit code.</summary>
    public async Task<int> RunTaskAsync(string taskId, string input, string? configPath = null)
    {
        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(Work.Path, Work.PipelineArgs(input, taskId, configPath), Generous);
        Assert.True(code is 0 or 3, $"-pipeline exited {code}\n{stdout}\n{stderr}");
        return code;
    }

    /// <summary>A task that succeeded (500 records, chunks 0 to 4).</summary>
    public Task<string> SucceededTaskAsync() => FinishedTaskAsync("done", exitCode: 0, () => Task.FromResult<string?>(null));

    /// <summary>A task that finished with failures: a tenth of its records answered 400 for good.</summary>
    public Task<string> TaskWithFailuresAsync() =>
        FinishedTaskAsync("with-failures", exitCode: 3, async () => await ConfigAsync("--permanent-error-rate", "0.1", "--seed", "1"));

    private Task<string> FinishedTaskAsync(string taskId, int exitCode, Func<Task<string?>> config) => OnceAsync("task " + taskId, async () =>
    {
        Assert.Equal(exitCode, await RunTaskAsync(taskId, Input(500), await config()));
        return taskId;
    });

    private async Task<string> StartSimulatorAsync(string[] options)
    {
        var simulator = await SimulatorProcess.StartAsync(options);
        _simulators.Add(simulator);
        return Work.WriteConfig($"simulator-{_simulators.Count}.yaml", simulator.BaseUrl);
    }

    /// <summary>The task as the API reports it, for comparing what the page shows with it.</summary>
    internal async Task<System.Text.Json.JsonElement> TaskJsonAsync(string taskId)
    {
        using var response = await Api.GetAsync($"/api/tasks/{taskId}");
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        Api?.Dispose();
        Work?.Dispose();
        foreach (var simulator in _simulators)
        {
            simulator.Dispose();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StudioGroup : ICollectionFixture<StudioFixture>
{
    // One daemon, its simulators and chromium for every Studio test; like the other whole-process tests, one at a time.
    public const string Name = "studio";
}

/// <summary>A Studio test: the shared fixture, and the pages it opened closed after it, so that no live page outlives its test.</summary>
[Collection(StudioGroup.Name)]
public abstract class StudioTest(StudioFixture studio) : IAsyncLifetime
{
    protected StudioFixture Studio { get; } = studio;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in Studio.Context.Pages.ToList())
        {
            await page.CloseAsync();
        }
    }
}
