namespace BatchInfer.Host.Daemon;

/// <summary>How this daemon runs: its API token, when it started, how long it stays with nothing to do.</summary>
internal sealed record DaemonOptions(string Token, DateTimeOffset StartedAt, TimeSpan IdleExit)
{
    public static readonly TimeSpan DefaultIdleExit = TimeSpan.FromMinutes(10);
}
