using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Studio;
using BatchInfer.Host.Workflows;
using BatchInfer.Tests.Host.Workflows;

namespace BatchInfer.Tests.Host.Studio;

/// <summary>The designer's palette: optional steps added at their only place, with their parameters as typed, judged by the loader.</summary>
public sealed class DesignerStepsTests
{
    private static readonly PipelineDefinition Shipped = PipelineDefinitionLoader.Parse(ShippedDefinition.Text, ShippedDefinition.Path);

    [Fact]
    public void WithOptional_EveryStepAdded_EachAtItsPlaceAndTheLoaderReadsItBack()
    {
        var optional = new Dictionary<string, Dictionary<string, string>>
        {
            ["notify"] = new() { ["url"] = "https://example.com/done", ["retries"] = "2" },
            ["approve"] = [],
            ["run-command"] = new() { ["command"] = "echo done", ["timeout_seconds"] = "600" },
        };

        var yaml = PipelineYaml.Write(DesignerSteps.WithOptional(Shipped, optional), new Dictionary<string, string>(), note: null);
        var parsed = PipelineDefinitionLoader.Parse(yaml, "designed.yaml");

        Assert.Equal(["split-input", "approve", "loop", "merge-results", "notify", "run-command"], parsed.TaskWorkflow.Steps.Select(s => s.Name));
        Assert.Equal(optional, DesignerSteps.OptionalOf(parsed));
    }

    [Fact]
    public void WithOptional_StepRemovedAndOneWithAnEmptyRequiredValue_GoneAndTheValueNamedByTheLoader()
    {
        var (withApprove, _) = ShippedDefinition.With("    - split-input", "    - split-input\n    - approve\n");
        var published = PipelineDefinitionLoader.Parse(withApprove, "v2.yaml");
        var optional = DesignerSteps.OptionalOf(published);
        optional.Remove("approve");
        optional["notify"] = new() { ["url"] = "", ["retries"] = "3" };

        var problems = PipelineVersions.Check(PipelineYaml.Write(DesignerSteps.WithOptional(published, optional), new Dictionary<string, string>(), note: null));

        var problem = Assert.Single(problems);
        Assert.Equal("task_workflow.steps[3].notify.url", problem.Key);
        Assert.Contains("expected an http:// or https:// URL, got an empty value", problem.Message, StringComparison.Ordinal);
    }
}
