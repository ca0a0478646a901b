using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace BatchInfer.Host.Engine;

/// <summary>The engine's share of a host: the rolling file log in the working directory and the engine itself (the daemon's WebApplication uses it).</summary>
internal static class EngineHostBuilder
{
    public const string LogFileName = "batch_infer.log";

    public static IHostApplicationBuilder AddBatchInferEngineHost(this IHostApplicationBuilder builder, string workDirectory, string? workflowPath = null)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(new LoggerConfiguration()
            .Enrich.FromLogContext()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .MinimumLevel.Override("WorkflowCore", LogEventLevel.Warning)
            // Polly logs every HTTP-level retry as two warnings with the whole stack trace, and the last attempt as an error:
            // against a provider that refuses connections that was most of the daemon's work. The step that fails after
            // them says so once, with the reason and when it tries again (StepLog.StepFailed).
            .MinimumLevel.Override("Polly", LogEventLevel.Fatal)
            .WriteTo.File(Path.Combine(workDirectory, LogFileName),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                shared: true,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Where} {Message:lj}{NewLine}{Exception}")
            .CreateLogger(), dispose: true);
        builder.Services.AddBatchInferEngine(workDirectory, workflowPath);
        return builder;
    }
}
