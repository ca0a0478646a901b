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
        return services;
    }
}
