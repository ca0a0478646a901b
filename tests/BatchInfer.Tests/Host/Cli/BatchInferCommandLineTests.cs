using System.CommandLine;
using BatchInfer.Host.Cli;
using BatchInfer.Simulator;

namespace BatchInfer.Tests.Host.Cli;

/// <summary>The simulator's options are built only for a command line that names it; help lists it either way.</summary>
public sealed class BatchInferCommandLineTests
{
    [Fact]
    public void Build_WithoutSimulate_ListsItByNameOnly()
    {
        var simulate = Assert.Single(BatchInferCommandLine.Build(["-monitor", "a", "--json"]).Subcommands, c => c.Name == "simulate");

        Assert.Equal(SimulatorCommandLine.Description, simulate.Description);
        Assert.Empty(simulate.Options);
    }

    [Fact]
    public void Build_WithSimulate_HasEveryOption()
    {
        var root = BatchInferCommandLine.Build(["simulate", "--port", "0", "--in-progress", "2s"]);
        var simulate = Assert.Single(root.Subcommands, c => c.Name == "simulate");

        Assert.Equal(SimulatorCommandLine.CreateCommand().Options.Select(o => o.Name), simulate.Options.Select(o => o.Name));
        var parsed = root.Parse(["simulate", "--port", "0", "--in-progress", "2s"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal(TimeSpan.FromSeconds(2), SimulatorCommandLine.Bind(parsed).InProgressDuration);
    }

    [Fact]
    public async Task Help_ListsSimulateAndDaemon()
    {
        var output = new StringWriter();

        var exit = await BatchInferCommandLine.Build(["--help"]).Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = output });

        Assert.Equal(0, exit);
        Assert.Contains("simulate", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("An OpenAI-compatible Batch API on 127.0.0.1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("daemon", output.ToString(), StringComparison.Ordinal);
    }
}
