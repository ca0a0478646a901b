using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Workflows;

namespace BatchInfer.Tests.Host.Workflows;

/// <summary>The optional steps in a definition: read with their parameters, written back, and every mistake named with its key and line.</summary>
public sealed class OptionalStepDefinitionTests
{
    private const string MergeResults = "    - merge-results";
    private const string SplitInput = "    - split-input";

    [Fact]
    public void Parse_EveryOptionalStepAtItsPlace_ReadWithParametersAndDefaults()
    {
        var (withApprove, _) = ShippedDefinition.With(SplitInput, SplitInput + "\n    - approve\n");
        var yaml = withApprove.Replace(MergeResults, MergeResults +
            "\n    - run-command: {command: \"sh -c 'echo $0' 'a b'\"}\n    - notify: {url: \"http://127.0.0.1:9/hook\", retries: 5}\n", StringComparison.Ordinal);

        var steps = PipelineDefinitionLoader.Parse(yaml, "test.yaml").TaskWorkflow.Steps;

        Assert.Equal(["split-input", "approve", "loop", "merge-results", "run-command", "notify"], steps.Select(s => s.Name));
        Assert.Equal("5", steps[5].Parameter(OptionalSteps.NotifyRetries));
        Assert.Equal("600", steps[4].Parameter(OptionalSteps.RunCommandTimeout));
        Assert.Equal(["sh", "-c", "echo $0", "a b"], CommandWords.Split(steps[4].Parameter(OptionalSteps.RunCommandCommand)!, out _));
    }

    [Fact]
    public void Write_OptionalSteps_ReadBackTheSame()
    {
        var (yaml, _) = ShippedDefinition.With(MergeResults, MergeResults + "\n    - notify: {url: \"https://example.com/h?t=1\", retries: 0}\n");
        var definition = PipelineDefinitionLoader.Parse(yaml, "test.yaml");

        var again = PipelineDefinitionLoader.Parse(PipelineYaml.Write(definition, new Dictionary<string, string>(), "n"), "again.yaml");

        var notify = Assert.Single(again.TaskWorkflow.Steps, s => s.Name == PipelineSteps.Notify);
        Assert.Equal(new Dictionary<string, string> { ["url"] = "https://example.com/h?t=1", ["retries"] = "0" }, notify.Parameters);
    }

    [Theory]
    [InlineData("    - approve\n" + MergeResults, "task_workflow.steps[2]", "cannot stand here: it goes right after split-input")]
    [InlineData(MergeResults + "\n    - approve", "task_workflow.steps[3]", "cannot stand here: it goes right after split-input")]
    [InlineData("    - notify: {url: \"http://h/\"}\n" + MergeResults, "task_workflow.steps[2]", "cannot stand here: it goes right after merge-results")]
    [InlineData(MergeResults + "\n    - approve\n    - approve", "task_workflow.steps[3]", "optional: approve (right after split-input), notify (right after merge-results)")]
    [InlineData(MergeResults + "\n    - notifyy", "task_workflow.steps[3]", "unknown step 'notifyy'; expected the steps split-input")]
    [InlineData(MergeResults + "\n    - notify", "task_workflow.steps[3].notify.url", "is missing: step 'notify' needs url")]
    [InlineData(MergeResults + "\n    - notify: {url: \"ftp://h/\"}", "task_workflow.steps[3].notify.url", "expected an http:// or https:// URL, got 'ftp://h/'")]
    [InlineData(MergeResults + "\n    - notify: {url: \"http://h/\", retries: 21}", "task_workflow.steps[3].notify.retries", "21 is out of range: expected a whole number from 0 to 20")]
    [InlineData(MergeResults + "\n    - notify: {url: \"http://h/\", retry: 2}", "task_workflow.steps[3].notify.retry", "unknown parameter 'retry' of step 'notify'; known: url, retries")]
    [InlineData(MergeResults + "\n    - run-command: {command: \"a 'b\"}", "task_workflow.steps[3].run-command.command", "the command a ' quote is not closed")]
    [InlineData(MergeResults + "\n    - run-command: {command: x, timeout_seconds: 0}", "task_workflow.steps[3].run-command.timeout_seconds", "0 is out of range: expected a whole number from 1 to 86400")]
    [InlineData(MergeResults + "\n    - approve: {when: now}", "task_workflow.steps[3].approve.when", "step 'approve' takes no parameters")]
    [InlineData(MergeResults + ": {x: 1}", "task_workflow.steps[2].merge-results", "step 'merge-results' takes no parameters")]
    public void Parse_OptionalStepMistake_NamesKeyLineAndWhatIsExpected(string mergeLines, string key, string message)
    {
        var (yaml, line) = ShippedDefinition.With(MergeResults, mergeLines);

        var problems = ShippedDefinition.Rejects(yaml).Problems;

        var problem = Assert.Single(problems, p => p.Key == key);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.InRange(problem.Line ?? 0, line, line + 2);
    }

    [Fact]
    public void Parse_OptionalStepInTheChunkWorkflow_RefusedWithItsPlace()
    {
        var (yaml, line) = ShippedDefinition.With("    - download-results", "    - download-results\n    - approve\n");

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.Equal(("chunk_workflow.steps[4]", line + 1), (problem.Key, problem.Line));
        Assert.Contains("it goes right after split-input in batch-task; no optional steps", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prog --flag \"two words\" 'it''s' a\\ b", new[] { "prog", "--flag", "two words", "its", "a b" })]
    [InlineData("  x  \"say \\\"hi\\\"\"  ", new[] { "x", "say \"hi\"" })]
    public void CommandWords_SplitLikeAShell(string command, string[] words) =>
        Assert.Equal(words, CommandWords.Split(command, out _));
}
