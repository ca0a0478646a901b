using System.Security.Claims;
using BatchInfer.Activities.Tasks;
using BatchInfer.Host.Api;
using BatchInfer.Host.Engine;
using BatchInfer.Host.Studio.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BatchInfer.Host.Studio;

/// <summary>The Studio's routes: sign-in, sign-out, downloads of a task's merged files, the sign-in link for the CLI, and the pages.</summary>
internal static class StudioEndpoints
{
    public const string UploadHeader = "X-BatchInfer-Studio";

    public static IEndpointRouteBuilder MapStudio(this IEndpointRouteBuilder endpoints, string workDirectory)
    {
        endpoints.MapPost("/api/studio/sign-in-links", (HttpRequest request, StudioSignInCodes codes) =>
            TypedResults.Ok(new StudioSignInLinkDto($"{request.Scheme}://{request.Host}{StudioAccess.SignInPath}?code={codes.Issue()}")))
            .WithTags("studio");

        endpoints.MapGet(StudioAccess.SignInPath, SignInAsync).ExcludeFromDescription();
        endpoints.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(StudioSession.Scheme);
            return TypedResults.Redirect("/login");
        }).ExcludeFromDescription();
        // The Studio's upload: the API's, behind the session; the custom header keeps other sites' forms and scripts out
        // (a cross-origin request with it needs a preflight that is never granted).
        endpoints.MapPut("/inputs/{name}", (string name, bool? replace, HttpContext context, TaskInputs files, CancellationToken cancellationToken) =>
            context.Request.Headers.ContainsKey(UploadHeader)
                ? InputsApi.UploadAsync(name, replace, context, files, cancellationToken)
                : Task.FromResult<Results<Created<InputFileDto>, ProblemHttpResult>>(TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: "Missing header", detail: $"Studio uploads carry the {UploadHeader} header.")))
            .ExcludeFromDescription();
        endpoints.MapGet("/files/{taskId}/{name}", (string taskId, string name) => MergedFile(workDirectory, taskId, name)).ExcludeFromDescription();

        endpoints.MapStaticAssets();
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return endpoints;
    }

    /// <summary>Trades a one-time code for a session and sends the browser on to a URL without it: <paramref name="next"/>, a path of the Studio, or its home.</summary>
    private static async Task<IResult> SignInAsync(HttpContext context, StudioSignInCodes codes, string? code, string? next)
    {
        if (!codes.TryRedeem(code))
        {
            return Results.Content(StudioPages.SignInNeeded(), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "studio")], StudioSession.Scheme);
        await context.SignInAsync(StudioSession.Scheme, new ClaimsPrincipal(identity));
        // Only a path of this site: "//host" or "/\\host" would leave it.
        var local = next is ['/', not ('/' or '\\'), ..] || next == "/";
        return TypedResults.Redirect(local ? next! : "/");
    }

    private static Results<PhysicalFileHttpResult, NotFound> MergedFile(string workDirectory, string taskId, string name)
    {
        if (TaskId.Problem(taskId) is not null || !TaskLayout.MergedFileNames.Contains(name))
        {
            return TypedResults.NotFound();
        }
        var path = Path.Combine(new TaskLayout(workDirectory, taskId).MergedDirectory, name);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/jsonl", name)
            : TypedResults.NotFound();
    }
}

/// <summary>POST /api/studio/sign-in-links: a one-time URL that opens a Studio session.</summary>
public sealed record StudioSignInLinkDto(string Url);
