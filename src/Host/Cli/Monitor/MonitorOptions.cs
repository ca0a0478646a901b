namespace BatchInfer.Host.Cli.Monitor;

/// <param name="Refresh">time between two snapshots in the live view</param>
/// <param name="Live">output is a terminal: refresh in place until the task ends or Ctrl+C; otherwise one snapshot</param>
/// <param name="Json">print one snapshot as JSON (never live)</param>
/// <param name="Width">columns for plain output; a live view follows the terminal's width</param>
internal sealed record MonitorOptions(TimeSpan Refresh, bool Live, bool Json, int Width = MonitorOptions.PlainWidth)
{
    public const int PlainWidth = 100;

    /// <summary>Live exactly when stdout is a terminal, as the issue asks; --json always prints one snapshot.</summary>
    public static MonitorOptions ForConsole(bool json) =>
        new(TimeSpan.FromSeconds(1), Live: !json && !Console.IsOutputRedirected, json);
}
