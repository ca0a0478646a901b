using BatchInfer.Host.Workflows;

namespace BatchInfer.Tests.Host.Workflows;

/// <summary>Each kind of mistake in a definition is refused with the key, the line and what was expected.</summary>
public sealed class PipelineDefinitionMistakeTests
{
    [Fact]
    public void Parse_UnknownStepName_NamesStepKeyAndLine()
    {
        var (yaml, line) = ShippedDefinition.With("- poll-batch", "- poll-batches");

        var error = ShippedDefinition.Rejects(yaml);

        var problem = Assert.Single(error.Problems, p => p.Key == "chunk_workflow.steps[2]");
        Assert.Equal(line, problem.Line);
        Assert.Contains("unknown step 'poll-batches'", problem.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problems, p => p.Key == "chunk_workflow.steps" && p.Message.Contains("'poll-batch' is missing", StringComparison.Ordinal));
        Assert.Contains("upload-chunk, submit-batch, poll-batch, download-results", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"test.yaml:{line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StepsSwapped_SaysWhichComesWhere()
    {
        var (first, line) = ShippedDefinition.With("- upload-chunk ", "- SWAP ");
        var yaml = first.Replace("- submit-batch ", "- upload-chunk ", StringComparison.Ordinal).Replace("- SWAP ", "- submit-batch ", StringComparison.Ordinal);

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.Equal(("chunk_workflow.steps[0]", line), (problem.Key, problem.Line));
        Assert.Contains("'submit-batch' is out of order: 'upload-chunk' comes here", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StepMissingFromTheLoop_NamesTheLoop()
    {
        var (yaml, _) = ShippedDefinition.With("        - retry-failed ", "        # retry-failed ");

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.Equal("task_workflow.steps[1].loop", problem.Key);
        Assert.Contains("step 'retry-failed' is missing", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StepTwice_Refused()
    {
        var (yaml, line) = ShippedDefinition.With("    - merge-results", "    - split-input\n    - merge-results");

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.Equal(("task_workflow.steps[2]", line), (problem.Key, problem.Line));
        Assert.Contains("appears more than once", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ChunkStepInTheTaskWorkflow_UnknownThere()
    {
        var (yaml, line) = ShippedDefinition.With("    - merge-results", "    - upload-chunk");

        var problems = ShippedDefinition.Rejects(yaml).Problems;

        Assert.Contains(problems, p => p.Key == "task_workflow.steps[2]" && p.Line == line && p.Message.Contains("unknown step 'upload-chunk'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "task_workflow.steps" && p.Message.Contains("'merge-results' is missing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("uploads_in_flight_per_endpoint: 4", "uploads_in_flight_per_endpoint: 0", "parameters.uploads_in_flight_per_endpoint", "out of range: expected 1 to 64")]
    [InlineData("max_concurrent_workflows: 32", "max_concurrent_workflows: 2.5", "parameters.max_concurrent_workflows", "expected a whole number")]
    [InlineData("engine_poll_interval_seconds: 60", "engine_poll_interval_seconds: fast", "parameters.engine_poll_interval_seconds", "expected a number from 0.1 to 600, got 'fast'")]
    [InlineData("round_check_interval_seconds: 30", "round_check_intervall_seconds: 30", "parameters.round_check_intervall_seconds", "unknown parameter")]
    [InlineData("initial_seconds: 1 ", "initial_secs: 1 ", "parameters.retry_backoff.initial_secs", "known here: initial_seconds, max_seconds")]
    public void Parse_BadParameter_NamesKeyLineAndExpectation(string from, string to, string key, string expected)
    {
        var (yaml, line) = ShippedDefinition.With(from, to);

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.Equal((key, line), (problem.Key, problem.Line));
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BackoffMaxBelowInitial_Refused()
    {
        var (yaml, _) = ShippedDefinition.With("max_seconds: 300", "max_seconds: 1");
        yaml = yaml.Replace("initial_seconds: 1 ", "initial_seconds: 5 ", StringComparison.Ordinal);

        var problem = Assert.Single(ShippedDefinition.Rejects(yaml).Problems);

        Assert.Equal("parameters.retry_backoff.max_seconds", problem.Key);
        Assert.Contains("must not be less than retry_backoff.initial_seconds (5)", problem.Message, StringComparison.Ordinal);
    }
}
