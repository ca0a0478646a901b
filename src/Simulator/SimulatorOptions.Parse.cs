using System.CommandLine;
using System.CommandLine.Help;

namespace BatchInfer.Simulator;

public sealed partial record SimulatorOptions
{
    /// <summary>The help of <c>batch_infer simulate</c>, as System.CommandLine renders it from <see cref="SimulatorCommandLine"/>.</summary>
    public static string HelpText
    {
        get
        {
            using var output = new StringWriter();
            ParseCommandLine(["--help"]).Invoke(new InvocationConfiguration { Output = output });
            return output.ToString();
        }
    }

    public static bool WantsHelp(IEnumerable<string> args) => ParseCommandLine([.. args]).Action is HelpAction;

    /// <summary>Parses the arguments of <c>batch_infer simulate</c>; a bad one is an <see cref="ArgumentException"/> naming it.</summary>
    public static SimulatorOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return SimulatorCommandLine.Bind(ParseCommandLine(args));
    }

    // Under a root command, as in batch_infer, which is what brings --help.
    private static ParseResult ParseCommandLine(string[] args)
    {
        var simulate = SimulatorCommandLine.CreateCommand();
        return new RootCommand { simulate }.Parse([simulate.Name, .. args]);
    }
}
