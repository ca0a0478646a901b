using System.Net;
using System.Security.Cryptography;
using System.Text;
using BatchInfer.Host.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BatchInfer.Host.Studio;

/// <summary>
/// Who may use the daemon's HTTP port. The API (<c>/api/…</c>) takes only <c>Authorization: Bearer &lt;token from
/// .daemon.lock&gt;</c>; the Studio's pages take that or a Studio session cookie; the sign-in link is open (its one-time code
/// is the credential). Whatever the credential, the request must name a loopback host (against DNS rebinding), and a
/// browser request that changes something or opens the live connection must come from the Studio's own origin (another
/// port of localhost is the same site for SameSite, not the same origin).
/// </summary>
internal static class StudioAccess
{
    public const string SignInPath = "/login";

    public static IApplicationBuilder UseDaemonAccess(this IApplicationBuilder app, string token)
    {
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!IsLoopbackHost(request.Host))
            {
                await Refuse(context, StatusCodes.Status400BadRequest, "Bad host", "The daemon answers only requests addressed to 127.0.0.1, localhost or [::1].");
                return;
            }
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), expected))
            {
                await next(context);
                return;
            }
            if (request.Path.StartsWithSegments("/api"))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Refuse(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Send the token from .daemon.lock as 'Authorization: Bearer <token>'.");
                return;
            }
            if (!IsSameOrigin(request))
            {
                await Refuse(context, StatusCodes.Status403Forbidden, "Cross-origin request", "The Studio accepts changes only from its own pages.");
                return;
            }
            if (request.Path == SignInPath || context.User.Identity?.IsAuthenticated == true)
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
            {
                await Results.Content(StudioPages.SignInNeeded(), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
            }
        });
    }

    private static bool IsLoopbackHost(HostString host) =>
        host.Host is "localhost" or "127.0.0.1" or "[::1]" || (IPAddress.TryParse(host.Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Reads are fine from anywhere the cookie reaches; a change or the live connection needs our own Origin (when the browser sends one).</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.Headers.Upgrade.Count > 0;
        var origin = request.Headers.Origin.ToString();
        return !changes || origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
