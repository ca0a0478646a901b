using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BatchInfer.Host.Api;

/// <summary>Every request needs <c>Authorization: Bearer &lt;token from .daemon.lock&gt;</c>; only the file's owner can read it.</summary>
internal static class TokenAuthentication
{
    public static IApplicationBuilder UseDaemonToken(this IApplicationBuilder app, string token)
    {
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        return app.Use(async (context, next) =>
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            if (CryptographicOperations.FixedTimeEquals(given, expected))
            {
                await next(context);
                return;
            }
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "Send the token from .daemon.lock as 'Authorization: Bearer <token>'.").ExecuteAsync(context);
        });
    }
}
