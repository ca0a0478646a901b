using System.Net.Http.Headers;
using BatchInfer.Host.Daemon;
using BatchInfer.Tests.EndToEnd;

namespace BatchInfer.Tests.Host.Daemon;

/// <summary>Shared set-up of the daemon tests: a small real input and a client that talks to the live daemon with its token.</summary>
internal static class DaemonWork
{
    public static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    /// <summary>The first <paramref name="lines"/> lines of GSM8K: a real input small enough for several tasks in one test.</summary>
    public static string SmallInput(WorkDirectory work, int lines)
    {
        var path = Path.Combine(work.Path, $"gsm8k-{lines}.jsonl");
        File.WriteAllLines(path, File.ReadLines(TestPaths.Data("gsm8k.messages.jsonl")).Take(lines));
        return path;
    }

    /// <summary>The standalone simulator with slow batches (<paramref name="inProgress"/> each), a working directory configured for it (500 lines a chunk), and a small input.</summary>
    public static async Task<SlowProvider> SlowProviderAsync(int lines, string inProgress = "1500ms")
    {
        var simulator = await SimulatorProcess.StartAsync("--in-progress", inProgress);
        var work = new WorkDirectory(simulator.BaseUrl, "lines_per_chunk: 500");
        return new SlowProvider(simulator, work, SmallInput(work, lines));
    }

    public static async Task<DaemonInfo> LiveDaemonAsync(string workDirectory)
    {
        DaemonInfo? info = null;
        Assert.True(await Eventually.HoldsAsync(() => (info = DaemonLock.ReadLive(workDirectory)) is not null, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50)),
            "no live daemon published its address in .daemon.lock");
        return info!;
    }

    /// <summary>A figure of the simulator's /_simulator/stats, for polling conditions.</summary>
    public static long Stat(SimulatorProcess simulator, string name) =>
        simulator.StatsAsync().GetAwaiter().GetResult().GetProperty(name).GetInt64();

    public static HttpClient Http(DaemonInfo daemon, string? token)
    {
        var http = new HttpClient { BaseAddress = daemon.BaseAddress };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }
}

internal sealed record SlowProvider(SimulatorProcess Simulator, WorkDirectory Work, string Input) : IDisposable
{
    public string[] PipelineArgs(string taskId) => Work.PipelineArgs(Input, taskId);

    public void Dispose()
    {
        Work.Dispose();
        Simulator.Dispose();
    }
}
