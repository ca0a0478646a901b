using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Workflows;

namespace BatchInfer.Tests.Host.Workflows;

public sealed class PipelineDefinitionLoaderTests
{
    private static readonly System.Text.Json.JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public void Load_ShippedFile_HasTheBuiltInStepsAndParameters()
    {
        var definition = PipelineDefinitionLoader.Load(ShippedDefinition.Path);

        var builtIn = PipelineDefinition.Default;
        Assert.Equal(Flatten(builtIn.TaskWorkflow.Steps), Flatten(definition.TaskWorkflow.Steps));
        Assert.Equal(Flatten(builtIn.ChunkWorkflow.Steps), Flatten(definition.ChunkWorkflow.Steps));
        Assert.Equal(builtIn.Parameters, definition.Parameters);
        Assert.Equal(Path.GetFullPath(ShippedDefinition.Path), definition.Source);
    }

    [Fact]
    public void Resolve_NoPath_LoadsTheCopyNextToTheExecutable()
    {
        var definition = PipelineDefinitionLoader.Resolve(null);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, PipelineDefinitionLoader.ShippedRelativePath), definition.Source);
    }

    [Fact]
    public void Parse_ParametersGiven_ReplaceTheDefaults()
    {
        var (yaml, _) = ShippedDefinition.With("batches_in_flight_per_endpoint: 100", "batches_in_flight_per_endpoint: 7");
        yaml = yaml.Replace("max_seconds: 300", "max_seconds: 60", StringComparison.Ordinal);

        var parameters = PipelineDefinitionLoader.Parse(yaml, "test.yaml").Parameters;

        Assert.Equal(PipelineDefinition.Default.Parameters with { BatchesInFlightPerEndpoint = 7, RetryBackoffMaxSeconds = 60 }, parameters);
    }

    [Fact]
    public void Parse_ParametersLeftOut_KeepDefaults()
    {
        var yaml = ShippedDefinition.Text[..ShippedDefinition.Text.IndexOf("parameters:", StringComparison.Ordinal)];

        Assert.Equal(PipelineDefinition.Default.Parameters, PipelineDefinitionLoader.Parse(yaml, "test.yaml").Parameters);
    }

    [Fact]
    public void Load_MissingFile_SaysItCannotBeRead()
    {
        var path = Path.Combine(TestPaths.NewWorkDirectory(), "none.yaml");

        var error = Assert.Throws<PipelineDefinitionException>(() => PipelineDefinitionLoader.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot read the workflow definition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotYaml_NamesTheLine()
    {
        var (yaml, line) = ShippedDefinition.With("chunk_workflow:", "chunk_workflow: [");

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.StartsWith("not valid YAML", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line >= line);
    }

    [Fact]
    public void Parse_UnknownTopLevelKeyAndVersion_BothReported()
    {
        var (yaml, line) = ShippedDefinition.With("version: 1", "version: 2\nshedule: fast");

        var problems = ShippedDefinition.Rejects(yaml).Problems;

        Assert.Collection(problems,
            p => Assert.Equal(("version", line), (p.Key, p.Line)),
            p => Assert.Equal(("shedule", line + 1), (p.Key, p.Line)));
    }

    [Fact]
    public void Parse_WorkflowMissing_NamesIt()
    {
        var text = ShippedDefinition.Text;
        var start = text.IndexOf("chunk_workflow:", StringComparison.Ordinal);
        var yaml = text[..start] + text[text.IndexOf("parameters:", StringComparison.Ordinal)..];

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.Equal("chunk_workflow", problem.Key);
        Assert.Contains("is missing", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_LoadedDefinition_SnakeCaseJsonWithStepsAndSecondsOnly()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(
            System.Text.Json.JsonSerializer.Serialize(PipelineDefinitionLoader.Load(ShippedDefinition.Path), SnakeCase))!;

        Assert.Equal("run-round", (string?)json["task_workflow"]!["steps"]![1]!["steps"]![0]!["name"]);
        Assert.Equal(100, (int?)json["parameters"]!["batches_in_flight_per_endpoint"]);
        Assert.Null(json["parameters"]!["engine_poll_interval"]);
    }

    private static List<string> Flatten(IEnumerable<PipelineStep> steps) =>
        steps.SelectMany(s => new[] { s.Name }.Concat(Flatten(s.Steps ?? []).Select(n => $"{s.Name}/{n}"))).ToList();
}
