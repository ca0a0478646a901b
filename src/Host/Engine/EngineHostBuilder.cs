using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace BatchInfer.Host.Engine;

/// <summary>The generic host that runs the engine; the foreground command and (later) the daemon build the same one.</summary>
internal static class EngineHostBuilder
{
    public const string LogFileName = "batch_infer.log";

    public static IHost Build(string workDirectory)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = workDirectory,
            DisableDefaults = true,
        });
        builder.Services.AddSerilog(new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .MinimumLevel.Override("WorkflowCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .WriteTo.File(Path.Combine(workDirectory, LogFileName),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger(), dispose: true);
        builder.Services.AddBatchInferEngine(workDirectory);
        builder.Services.AddSingleton<StepErrorLog>();
        return builder.Build();
    }
}
