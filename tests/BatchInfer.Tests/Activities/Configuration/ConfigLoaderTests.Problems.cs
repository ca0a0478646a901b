using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Configuration;

public sealed partial class ConfigLoaderTests
{
    [Fact]
    public void Parse_MisspeltModelKey_SuggestsClosestKey()
    {
        var problem = Single(Parse(Minimal + "\n  temprature: 0.6"));

        Assert.Equal("config.yaml:5:3: model.temprature: unknown key; did you mean model.temperature?", problem.ToString());
    }

    [Fact]
    public void Parse_MisspeltTopLevelKey_SuggestsClosestKey()
    {
        var problem = Single(Parse(Minimal + "\nline_per_chunk: 10"));

        Assert.Equal("config.yaml:5:1: line_per_chunk: unknown key; did you mean lines_per_chunk?", problem.ToString());
    }

    [Fact]
    public void Parse_UnrelatedUnknownKey_HasNoSuggestion()
    {
        var problem = Single(Parse(Minimal + "\nconcurrency: 4"));

        Assert.Equal("concurrency: unknown key", $"{problem.Key}: {problem.Message}");
    }

    [Fact]
    public void Parse_ModelKeyAtTopLevel_SaysWhereItBelongs()
    {
        var problem = Single(Parse(Minimal + "\ntemperature: 0.6"));

        Assert.Equal("temperature", problem.Key);
        Assert.Equal("unknown key; did you mean model.temperature? it belongs under model:", problem.Message);
    }

    [Fact]
    public void Parse_SeveralMistakes_ReportsAllInFileOrder()
    {
        var result = Parse("""
            model:
              domain: test
              temperature: "0.6"
              provider: bedrock
              max_tokens: -5
            lines_per_chunk: many
            retries: 3
            """);

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        Assert.Equal(
            [
                "config.yaml:1:1: model.password: is required but missing (add it under model:)",
                "config.yaml:3:16: model.temperature: expected a number, got the string \"0.6\" (write 0.6 without quotes)",
                "config.yaml:4:13: model.provider: unknown provider \"bedrock\", expected one of spark, openai, dashscope, azure",
                "config.yaml:5:15: model.max_tokens: must be at least 1, got -5",
                "config.yaml:6:18: lines_per_chunk: expected a whole number, got the string \"many\"",
                "config.yaml:7:1: retries: unknown key",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Parse_ModelIsNotAMapping_ReportsOnlyThat()
    {
        var problem = Single(Parse("model: gpt-4o\n"));

        Assert.Equal("model", problem.Key);
        Assert.Equal((1, 8), (problem.Line, problem.Column));
        Assert.StartsWith("expected a mapping of model settings", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model: [\n  domain: x\n", 3, 1)]
    [InlineData("model:\n  domain: \"unterminated\n", 2, 11)]
    [InlineData("model:\n  domain: a\n  domain: b\n", 3, 3)]
    [InlineData("model:\n\tdomain: a\n", 2, 1)]
    [InlineData("model:\n  domain: a\n  \tmax_tokens: 5\n", 3, 3)]
    public void Parse_YamlSyntaxError_ReportsOneProblemWithPosition(string yaml, int line, int column)
    {
        var problem = Single(Parse(yaml));

        Assert.Equal(string.Empty, problem.Key);
        Assert.StartsWith("not valid YAML: ", problem.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (problem.Line, problem.Column));
    }

    [Theory]
    [InlineData("- model\n", "expected the file to be a mapping of keys (model:, test_lines:, ...), got a list")]
    [InlineData("just text\n", "expected the file to be a mapping of keys (model:, test_lines:, ...), got the string \"just text\"")]
    public void Parse_TopLevelNotAMapping_ReportsShape(string yaml, string message)
    {
        var problem = Single(Parse(yaml));

        Assert.Equal(message, problem.Message);
        Assert.Equal((1, 1), (problem.Line, problem.Column));
    }

    [Fact]
    public void Parse_TwoDocuments_RefusesTheSecond()
    {
        var problem = Single(Parse(Minimal + "\n---\ntest_lines: 5\n"));

        Assert.Equal(6, problem.Line);
        Assert.StartsWith("only one YAML document is allowed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysToCopyTheExample()
    {
        var path = Path.Combine(Path.GetTempPath(), $"batchinfer-{Guid.NewGuid():N}", "config.yaml");

        var problem = Single(ConfigLoader.Load(path, null));

        Assert.Equal(path, problem.Source);
        Assert.Contains("not found", problem.Message, StringComparison.Ordinal);
        Assert.Contains("copy config.yaml.example to config.yaml", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Directory_SaysItIsNotAFile()
    {
        var directory = Directory.CreateTempSubdirectory("batchinfer-config-");
        try
        {
            var problem = Single(ConfigLoader.Load(directory.FullName, null));

            Assert.Equal("is a directory, not a config file", problem.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_FileOnDisk_ReportsProblemsWithItsPath()
    {
        var directory = Directory.CreateTempSubdirectory("batchinfer-config-");
        try
        {
            var path = Path.Combine(directory.FullName, "config.yaml");
            File.WriteAllText(path, Minimal + "\n  temperature: \"0.6\"\n");

            var problem = Single(ConfigLoader.Load(path, null));

            Assert.StartsWith($"{path}:5:16: model.temperature: ", problem.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_ExampleFile_LoadsWithoutProblems()
    {
        var example = Path.Combine(FindRepositoryRoot(), "config.yaml.example");

        var result = ConfigLoader.Load(example, null);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("""{"stop":[],"continue_final_message":false}""", result.Config!.Model.ExtraBody.ToJsonString());
    }

    [Fact]
    public void ConfigProblem_WithoutPosition_PrintsSourceKeyAndMessage()
    {
        var problem = new ConfigProblem("model.domain", null, null, "is required but missing") { Source = "c.yaml" };

        Assert.Equal("c.yaml: model.domain: is required but missing", problem.ToString());
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BatchInfer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"BatchInfer.sln not found above {AppContext.BaseDirectory}");
    }
}
