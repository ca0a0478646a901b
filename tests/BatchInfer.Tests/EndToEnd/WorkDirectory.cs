using System.Globalization;

namespace BatchInfer.Tests.EndToEnd;

/// <summary>A fresh working directory with a config file, as a user would have it; disposing it kills the daemons started there.</summary>
internal sealed class WorkDirectory : IDisposable
{
    private readonly string _extraYaml;
    private readonly string _provider;

    public WorkDirectory(string baseUrl, string extraYaml = "", string provider = "spark")
    {
        Path = TestPaths.NewWorkDirectory();
        _extraYaml = extraYaml;
        _provider = provider;
        ConfigPath = WriteConfig("config.yaml", baseUrl);
    }

    public string Path { get; }

    public string ConfigPath { get; }

    public void Dispose() => DaemonReaper.KillAll(Path);

    public string Merged(string taskId) => System.IO.Path.Combine(Path, "merged", taskId);

    public string[] PipelineArgs(string input, string taskId, string? configPath = null) =>
        ["-pipeline", input, "-task-id", taskId, "-config", configPath ?? ConfigPath];

    /// <summary>A configuration file like config.yaml but for another provider address: one daemon's tasks against several simulators.</summary>
    public string WriteConfig(string fileName, string baseUrl)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, $"""
            model:
              domain: "e2e-model"
              password: "e2e-secret-password"
              max_tokens: 256
              base_url: "{baseUrl}"
              provider: {_provider}
            poll_interval_seconds: 0.2
            {_extraYaml}
            """);
        return path;
    }

    /// <summary>The first <paramref name="copies"/> × the GSM8K file, with a fresh line order kept: a bigger real input.</summary>
    public string RepeatedGsm8k(int copies)
    {
        var path = System.IO.Path.Combine(Path, "input-x" + copies.ToString(CultureInfo.InvariantCulture) + ".jsonl");
        using var output = File.Create(path);
        for (var i = 0; i < copies; i++)
        {
            using var input = File.OpenRead(TestPaths.Data("gsm8k.messages.jsonl"));
            input.CopyTo(output);
        }
        return path;
    }
}
