using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInfer.Host.Studio;

/// <summary>
/// The Studio's session: an ASP.NET Core authentication cookie, HttpOnly and SameSite=Strict, encrypted with the daemon's
/// Data Protection keys (so a session outlives a daemon restart in the same directory, and no other daemon can read it).
/// </summary>
internal static class StudioSession
{
    public const string Scheme = "studio";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddStudioSession(this IServiceCollection services, string workDirectory)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            // Browsers keep cookies per host, not per port: daemons of two directories on one machine need two names.
            cookie.Cookie.Name = "batch_infer_studio_" + DirectoryTag(workDirectory);
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            // Loopback HTTP (or an SSH tunnel to it): there is no TLS to require.
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.None;
            cookie.ExpireTimeSpan = Lifetime;
            cookie.SlidingExpiration = true;
            // StudioAccess answers requests without a session; the handler must not redirect them anywhere.
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization();
        return services;
    }

    private static string DirectoryTag(string workDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(workDirectory))))[..12];
}
