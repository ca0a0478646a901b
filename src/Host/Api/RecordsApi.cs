using BatchInfer.Host.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace BatchInfer.Host.Api;

/// <summary>/api/records: find a record by its custom_id in every task, with its round, chunk, input line and outcome.</summary>
internal static class RecordsApi
{
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/records").WithTags("records").MapGet("/", SearchAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<RecordSearchDto>, ProblemHttpResult>> SearchAsync(
        [FromQuery(Name = "custom_id")] string? customId, int? limit, RecordSearch search, CancellationToken cancellationToken)
    {
        var most = limit ?? RecordSearch.DefaultLimit;
        if (RecordSearch.Problem(customId, most) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid record search", detail: problem);
        }
        // One more than the limit says whether the limit cut the search short.
        var hits = await search.FindAsync(customId!, most + 1, cancellationToken).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RecordSearchDto(customId!, hits.Take(most).ToList(), hits.Count > most));
    }
}
