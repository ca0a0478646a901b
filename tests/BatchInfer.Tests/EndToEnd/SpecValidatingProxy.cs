using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>
/// Stoplight Prism in proxy mode in front of a Batch API: it checks every request and every response against the
/// project's OpenAI batch OpenAPI document and, with <c>--errors</c>, answers 500 for any violation. An independent
/// validator: our simulator's own checks cannot tell us what another implementation of the spec would refuse.
/// Installed by <c>npm ci --prefix tools/spec-validator</c> (scripts/test.sh does it).
/// </summary>
internal sealed partial class SpecValidatingProxy : IDisposable
{
    private static readonly string Prism = Path.Combine(TestPaths.RepositoryRoot, "tools", "spec-validator", "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
    private static readonly string Spec = Path.Combine(TestPaths.RepositoryRoot, "src", "Simulator", "Validation", "openai-batch-openapi.yaml");

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SpecValidatingProxy(string upstream)
    {
        Assert.True(File.Exists(Prism), $"Prism is not installed: run npm ci --prefix tools/spec-validator ({Prism} is missing)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Prism, "proxy", Spec, upstream, "--host", "127.0.0.1", "--port", "0", "--errors" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NO_COLOR"] = "1";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The proxy's address with the /v1 prefix, as a <c>base_url</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Everything Prism printed: one line per request received, one per violation or crash.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>What Prism refused or choked on: spec violations, and parser crashes of its own (a malformed form).</summary>
    public IReadOnlyList<string> Problems =>
        [.. Log.Split('\n').Where(l => l.Contains("VIOLATIONS", StringComparison.Ordinal) || l.Contains("Error:", StringComparison.Ordinal) || l.Contains("error ", StringComparison.Ordinal))];

    /// <param name="upstream">the server's root, without /v1: the document's paths carry the prefix</param>
    public static async Task<SpecValidatingProxy> StartAsync(string upstream)
    {
        var proxy = new SpecValidatingProxy(upstream);
        var started = await Task.WhenAny(proxy._listening.Task, Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(started == proxy._listening.Task, $"Prism did not start:\n{proxy.Log}");
        proxy.BaseUrl = await proxy._listening.Task + "/v1";
        return proxy;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (ListeningPattern().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningPattern();
}
