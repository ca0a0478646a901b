using BatchInfer.Host.Engine;
using BatchInfer.Host.Studio;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BatchInfer.Host.Daemon;

/// <summary>
/// Stops the daemon after <see cref="DaemonOptions.IdleExit"/> with no task to work on and no Studio page open; the next
/// command starts another.
/// </summary>
internal sealed partial class IdleShutdown(
    DaemonOptions options, TaskQueries queries, OpenStudioPages studioPages, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<IdleShutdown> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromTicks(Math.Clamp(options.IdleExit.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
        var idleSince = time.GetUtcNow();
        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            if (studioPages.Count > 0 || await queries.CountActiveAsync(stoppingToken) > 0)
            {
                idleSince = now;
            }
            else if (now - idleSince >= options.IdleExit)
            {
                IdleExit(logger, options.IdleExit);
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No task to work on and no Studio page open for {IdleExit}: the daemon stops")]
    private static partial void IdleExit(ILogger logger, TimeSpan idleExit);
}
