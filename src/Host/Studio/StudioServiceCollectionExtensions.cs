using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BatchInfer.Host.Studio;

internal static class StudioServiceCollectionExtensions
{
    /// <summary>The Studio: Razor components rendered on the server (interactive over the circuit), MudBlazor, the session and sign-in codes.</summary>
    public static IServiceCollection AddStudio(this IServiceCollection services, string workDirectory)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddStudioSession(workDirectory);
        services.AddSingleton<StudioSignInCodes>();
        services.AddSingleton<OpenStudioPages>();
        services.AddSingleton<RecordErrors>();
        services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<OpenStudioPages>());
        return services;
    }
}
