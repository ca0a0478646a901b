using System.CommandLine;
using System.Diagnostics;

namespace BatchInfer.Host.Cli;

/// <summary>
/// <c>batch_infer studio [ID] [--no-open]</c>: starts the daemon when none runs, asks it for a one-time sign-in link, prints it
/// and, on a desktop, opens it in the browser. The link is the only place a credential appears; the browser trades it for
/// a session cookie and goes on to a URL without it.
/// </summary>
internal static class StudioCommand
{
    public static Command Build()
    {
        var noOpen = new Option<bool>("--no-open", "-no-open") { Description = "Print the link only; do not start a browser" };
        var taskId = new Argument<string?>("ID") { Description = "Open the page of task ID (default: the list of tasks)", Arity = ArgumentArity.ZeroOrOne };
        var studio = new Command("studio", "Open BatchInfer Studio, the web UI of this directory's daemon (a one-time sign-in link on 127.0.0.1)") { taskId, noOpen };
        studio.SetAction((result, cancellationToken) => RunAsync(result.GetValue(taskId), !result.GetValue(noOpen), cancellationToken));
        return studio;
    }

    private static Task<int> RunAsync(string? taskId, bool open, CancellationToken cancellationToken) =>
        DaemonCommand.WithDaemonAsync(Directory.GetCurrentDirectory(), workflowPath: null, async (client, token) =>
        {
            var link = (await client.StudioSignInLinkAsync(token)).Url;
            if (taskId is not null)
            {
                link += "&next=" + Uri.EscapeDataString("/tasks/" + Uri.EscapeDataString(taskId));
            }
            Console.WriteLine(link);
            Console.Error.WriteLine("A one-time sign-in link for BatchInfer Studio (good for five minutes). From another machine, tunnel first: " +
                $"ssh -L {client.Daemon.Port}:127.0.0.1:{client.Daemon.Port} {Environment.UserName}@{System.Net.Dns.GetHostName()}, then open the link there.");
            if (open && HasDesktop())
            {
                TryOpen(link);
            }
            return ExitCodes.Succeeded;
        }, cancellationToken);

    private static bool HasDesktop() =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    private static void TryOpen(string url)
    {
        var opener = OperatingSystem.IsWindows() ? new ProcessStartInfo(url) { UseShellExecute = true }
            : new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open", [url]);
        try
        {
            using var process = Process.Start(opener);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine($"Could not start a browser ({ex.Message}); open the link above yourself.");
        }
    }
}
