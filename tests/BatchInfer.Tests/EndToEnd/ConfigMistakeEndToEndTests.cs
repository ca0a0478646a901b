namespace BatchInfer.Tests.EndToEnd;

/// <summary>Each mistake gives one clear message and exit code 2, and creates nothing in the working directory.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ConfigMistakeEndToEndTests
{
    private const string ValidModel = """
        model:
          domain: "m"
          password: "p"
          max_tokens: 16
          base_url: simulator
        """;

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "missing domain", "model:\n  password: \"p\"\n  max_tokens: 16\n", "model.domain" },
        { "temperature not a number", ValidModel + "\n  temperature: \"abc\"\n", "model.temperature" },
        { "unknown provider", ValidModel + "\n  provider: nosuch\n", "model.provider" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Pipeline_ConfigMistake_ClearMessageExit2NothingCreated(string mistake, string yaml, string expectedKey)
    {
        var work = TestPaths.NewWorkDirectory();
        var configDirectory = TestPaths.NewWorkDirectory();
        var config = Path.Combine(configDirectory, "config.yaml");
        await File.WriteAllTextAsync(config, yaml);

        var (code, stdout, stderr) = await BatchInferProcess.RunAsync(work,
            ["-pipeline", TestPaths.Data("gsm8k.messages.jsonl"), "-task-id", "t", "-config", config], TimeSpan.FromMinutes(1));

        Assert.True(code == 2, $"{mistake}: exit {code}\n{stdout}\n{stderr}");
        Assert.Contains(expectedKey, stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
    }

    [Theory]
    [InlineData("../x", "not allowed")]
    [InlineData("a/b", "not allowed")]
    [InlineData("..", "not allowed")]
    public async Task Pipeline_UnsafeTaskId_RefusedExit2NothingCreated(string taskId, string expected)
    {
        var work = TestPaths.NewWorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(work, "config.yaml"), ValidModel);

        var (code, _, stderr) = await BatchInferProcess.RunAsync(work,
            ["-pipeline", TestPaths.Data("gsm8k.messages.jsonl"), "-task-id", taskId], TimeSpan.FromMinutes(1));

        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Equal(["config.yaml"], Directory.EnumerateFileSystemEntries(work).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Pipeline_MissingTaskId_RefusedExit2()
    {
        var work = TestPaths.NewWorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(work, "config.yaml"), ValidModel);

        var (code, _, stderr) = await BatchInferProcess.RunAsync(work,
            ["-pipeline", TestPaths.Data("gsm8k.messages.jsonl")], TimeSpan.FromMinutes(1));

        Assert.Equal(2, code);
        Assert.Contains("task id is required", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_UnreadableConfig_RefusedExit2NothingCreated()
    {
        var work = TestPaths.NewWorkDirectory();

        var (code, _, stderr) = await BatchInferProcess.RunAsync(work,
            ["-pipeline", TestPaths.Data("gsm8k.messages.jsonl"), "-task-id", "t", "-config", Path.Combine(work, "nope.yaml")],
            TimeSpan.FromMinutes(1));

        Assert.Equal(2, code);
        Assert.Contains("nope.yaml", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
    }

    [Fact]
    public async Task Pipeline_ConfigIsADirectory_RefusedExit2()
    {
        var work = TestPaths.NewWorkDirectory();
        Directory.CreateDirectory(Path.Combine(work, "config.yaml"));

        var (code, _, stderr) = await BatchInferProcess.RunAsync(work,
            ["-pipeline", TestPaths.Data("gsm8k.messages.jsonl"), "-task-id", "t"], TimeSpan.FromMinutes(1));

        Assert.Equal(2, code);
        Assert.Contains("config.yaml", stderr, StringComparison.Ordinal);
    }
}
