using System.Net;
using System.Text.Json;
using BatchInfer.Host.Api;
using BatchInfer.Host.Engine;
using BatchInfer.Host.Studio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInfer.Host.Daemon;

/// <summary>The daemon: one WebApplication on 127.0.0.1 that hosts the engine, the HTTP API and the Studio.</summary>
internal static class DaemonHost
{
    /// <param name="workflowPath">the pipeline definition; null for the shipped one. A bad one throws <see cref="Workflows.PipelineDefinitionException"/>.</param>
    public static WebApplication Build(string workDirectory, DaemonOptions options, string? workflowPath)
    {
        // The content root is the user's work directory, where the state database is written all the time; without
        // this switch the host watches it for appsettings.json changes and wakes on every database write.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = workDirectory,
            ApplicationName = "batch_infer",
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        // The Studio's script and style files: from the build output's manifest when run from a build (tests, dotnet run),
        // from wwwroot/ beside the executable once published.
        builder.WebHost.UseStaticWebAssets();
        builder.AddBatchInferEngineHost(workDirectory, workflowPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<IdleShutdown>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddOpenApiDocument();
        builder.Services.AddStudio(workDirectory);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseDaemonAccess(options.Token);
        app.UseAntiforgery();
        app.MapOpenApiDocument();
        app.MapTasksApi();
        app.MapInputsApi();
        app.MapRecordsApi();
        app.MapWorkflowApi();
        app.MapDaemonApi();
        app.MapStudio(workDirectory);
        return app;
    }

    /// <summary>The port Kestrel picked (it listens on port 0).</summary>
    public static int Port(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address).Port;
    }
}
