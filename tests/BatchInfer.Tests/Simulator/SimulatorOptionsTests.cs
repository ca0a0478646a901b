using BatchInfer.Simulator;

namespace BatchInfer.Tests.Simulator;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Parse_EveryOption_SetsTheKnob()
    {
        var options = SimulatorOptions.Parse([
            "--port", "8123", "-profile=openai", "--storage", "/tmp/x", "--token", "t", "--validating", "2s", "--in-progress", "1m",
            "--finalizing", "150ms", "--error-rate", "0.1", "--permanent-error-rate", "0.05", "--http-fault-rate", "0.05",
            "--retry-after", "3", "--fail-batches", "1", "--expire-batches", "2", "--shuffle", "--response-delay", "10ms", "--seed", "42",
        ]);

        Assert.Equal(
            new SimulatorOptions
            {
                Port = 8123, Profile = "openai", StorageDirectory = "/tmp/x", RequiredToken = "t", ValidatingDuration = TimeSpan.FromSeconds(2),
                InProgressDuration = TimeSpan.FromMinutes(1), FinalizingDuration = TimeSpan.FromMilliseconds(150), RequestErrorRate = 0.1,
                PermanentErrorRate = 0.05, HttpFaultRate = 0.05, RetryAfterSeconds = 3, FailBatches = 1, ExpireBatches = 2, ShuffleOutput = true,
                ResponseDelay = TimeSpan.FromMilliseconds(10), Seed = 42,
            },
            options);
    }

    [Fact]
    public void Parse_NoArguments_EveryDefault()
    {
        Assert.Equal(new SimulatorOptions(), SimulatorOptions.Parse([]));
    }

    [Theory]
    [InlineData(new[] { "--shuffle" }, true)]
    [InlineData(new[] { "-shuffle=false" }, false)]
    [InlineData(new[] { "--shuffle", "true", "--seed", "1" }, true)]
    public void Parse_ShuffleFlag_ValueOptional(string[] args, bool expected)
    {
        Assert.Equal(expected, SimulatorOptions.Parse(args).ShuffleOutput);
    }

    [Theory]
    [InlineData(new[] { "--error-rate", "1.5" }, "--error-rate expects a fraction between 0 and 1")]
    [InlineData(new[] { "--port" }, "--port needs a value")]
    [InlineData(new[] { "--colour", "red" }, "unknown option '--colour'")]
    [InlineData(new[] { "--validating", "200" }, "--validating expects a duration such as 200ms")]
    [InlineData(new[] { "--profile", "gemini" }, "unknown simulator profile 'gemini'")]
    [InlineData(new[] { "--fail-batches", "-1" }, "--fail-batches expects a whole number")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    [InlineData(new[] { "--error-rate", "0.7", "--permanent-error-rate", "0.5" }, "must not exceed 1")]
    public void Parse_BadArgument_ErrorNamesIt(string[] args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WantsHelp_HelpFlag_TrueAndHelpListsEveryOption()
    {
        Assert.True(SimulatorOptions.WantsHelp(["--port", "1", "--help"]));
        Assert.False(SimulatorOptions.WantsHelp(["--port", "1"]));
        // System.CommandLine lists each option once, by its single-dash spelling, as batch_infer's own help does.
        foreach (var option in new[] { "-port <N>", "-profile", "-error-rate <F>", "-http-fault-rate", "-fail-batches", "-expire-batches", "-shuffle", "-seed" })
        {
            Assert.Contains(option, SimulatorOptions.HelpText, StringComparison.Ordinal);
        }
    }
}
