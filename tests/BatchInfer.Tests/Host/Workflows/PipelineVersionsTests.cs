using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Workflows;

namespace BatchInfer.Tests.Host.Workflows;

/// <summary>The designer's versions: written as the loader reads them, saved only when valid, numbered on, the newest published.</summary>
public sealed class PipelineVersionsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pipeline-versions-").FullName;

    [Fact]
    public void Write_ShippedDefinitionWithEdits_ParsesToTheSameStepsAndTheEditedParameters()
    {
        var shipped = PipelineDefinitionLoader.Parse(ShippedDefinition.Text, ShippedDefinition.Path);
        var edits = new Dictionary<string, string> { ["uploads_in_flight_per_endpoint"] = "9", ["retry_backoff.max_seconds"] = "120" };

        var yaml = PipelineYaml.Write(shipped, edits, note: "it's faster");
        var parsed = PipelineDefinitionLoader.Parse(yaml, "written.yaml");

        Assert.Equal(Names(shipped.TaskWorkflow.Steps), Names(parsed.TaskWorkflow.Steps));
        Assert.Equal(Names(shipped.ChunkWorkflow.Steps), Names(parsed.ChunkWorkflow.Steps));
        Assert.Equal(shipped.Parameters with { UploadsInFlightPerEndpoint = 9, RetryBackoffMaxSeconds = 120 }, parsed.Parameters);
        Assert.Contains("note: 'it''s faster'", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ValueThatTriesToAddYaml_StaysOneValueTheLoaderRefuses()
    {
        var shipped = PipelineDefinitionLoader.Parse(ShippedDefinition.Text, ShippedDefinition.Path);

        var yaml = PipelineYaml.Write(shipped, new Dictionary<string, string> { ["max_concurrent_workflows"] = "4\nparameters: {}" }, note: null);

        var problem = Assert.Single(PipelineVersions.Check(yaml));
        Assert.Equal("parameters.max_concurrent_workflows", problem.Key);
    }

    [Fact]
    public async Task SaveAsync_ValidThenInvalid_SavesVersionTwoOnly_AndPublishesIt()
    {
        using var versions = new PipelineVersions(_work, PipelineDefinitionLoader.Parse(ShippedDefinition.Text, ShippedDefinition.Path));
        var shipped = PipelineDefinitionLoader.Parse(ShippedDefinition.Text, ShippedDefinition.Path);
        var good = PipelineYaml.Write(shipped, new Dictionary<string, string> { ["uploads_in_flight_per_endpoint"] = "8" }, note: "eight uploads");
        var bad = PipelineYaml.Write(shipped, new Dictionary<string, string> { ["uploads_in_flight_per_endpoint"] = "0" }, note: null);

        var (saved, noProblems) = await versions.SaveAsync(good, CancellationToken.None);
        var (notSaved, problems) = await versions.SaveAsync(bad, CancellationToken.None);

        Assert.Empty(noProblems);
        Assert.Equal(2, saved!.Number);
        Assert.Equal("eight uploads", saved.Note);
        Assert.Null(notSaved);
        Assert.Equal("parameters.uploads_in_flight_per_endpoint", Assert.Single(problems).Key);
        Assert.Equal([1, 2], versions.List().Select(v => v.Number));
        Assert.Equal(["batch-pipeline.v2.yaml"], Directory.GetFiles(Path.Combine(_work, PipelineVersions.Folder)).Select(Path.GetFileName));
        Assert.Equal(saved.Path, PipelineVersions.PublishedPath(_work));
        Assert.Equal(8, PipelineDefinitionLoader.Resolve(PipelineVersions.PublishedPath(_work)).Parameters.UploadsInFlightPerEndpoint);
    }

    [Fact]
    public void PublishedPath_NoSavedVersion_None() => Assert.Null(PipelineVersions.PublishedPath(_work));

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static List<string> Names(IEnumerable<PipelineStep> steps) =>
        [.. steps.SelectMany(s => s.Steps is { } inner ? [s.Name, .. Names(inner)] : new[] { s.Name })];
}
