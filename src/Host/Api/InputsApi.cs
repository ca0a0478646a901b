using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Host.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BatchInfer.Host.Api;

/// <summary>
/// Inputs over HTTP: list the files a task can start on, upload one (the request body, streamed to inputs/NAME), and
/// plan a task before starting it. With these a script starts a task with its input in the request body:
/// <c>PUT /api/inputs/data.jsonl</c>, <c>POST /api/tasks/plan</c>, then <c>POST /api/tasks</c> with the path it got.
/// </summary>
internal static class InputsApi
{
    public static IEndpointRouteBuilder MapInputsApi(this IEndpointRouteBuilder endpoints)
    {
        var inputs = endpoints.MapGroup("/api/inputs").WithTags("inputs");
        inputs.MapGet("/", (TaskInputs files) => files.List());
        inputs.MapPut("/{name}", UploadAsync);
        endpoints.MapPost("/api/tasks/plan", PlanAsync).WithTags("tasks");
        return endpoints;
    }

    /// <summary>The request body becomes inputs/<paramref name="name"/>; 409 when it exists (unless <paramref name="replace"/>).</summary>
    public static async Task<Results<Created<InputFileDto>, ProblemHttpResult>> UploadAsync(
        string name, bool? replace, HttpContext context, TaskInputs files, CancellationToken cancellationToken)
    {
        if (TaskInputs.NameProblem(name) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid input name", detail: problem);
        }
        // Inputs are as large as the provider allows and more: the body is streamed to disk, so no size limit is needed.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        var saved = await files.SaveAsync(name, context.Request.Body, replace ?? false, cancellationToken);
        return saved is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Input exists",
                detail: $"{TaskInputs.Folder}/{name} exists already; send ?replace=true to replace it.")
            : TypedResults.Created($"/api/inputs/{name}", saved);
    }

    private static async Task<Results<Ok<InputPlan>, ProblemHttpResult, ValidationProblem>> PlanAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        if (!File.Exists(request.InputPath))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Input not found", detail: $"input file '{request.InputPath}' not found");
        }
        if (BatchInferConfigValidator.Problems(request.Config) is { Count: > 0 } problems)
        {
            return TasksApi.InvalidConfig(problems);
        }
        var profile = ProviderProfile.Find(request.Config.Model.Provider)!;
        return TypedResults.Ok(await InputPlanner.PlanAsync(request.InputPath, request.Config, profile, progress: null, cancellationToken));
    }
}

/// <summary>POST /api/tasks/plan: what a task on InputPath with Config would send, before anything is written or sent.</summary>
public sealed record PlanRequest(string InputPath, BatchInferConfig Config);
