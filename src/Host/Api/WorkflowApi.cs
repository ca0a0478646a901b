using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Api;

/// <summary>/api/workflow: the definitions the engine has registered, their versions and step names in order.</summary>
internal static class WorkflowApi
{
    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/workflow", (IWorkflowRegistry registry) => TypedResults.Ok(new WorkflowDto(
            [.. registry.GetAllDefinitions()
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .Select(d => new WorkflowDefinitionDto(
                    d.Id,
                    d.Version,
                    [.. d.Steps.OrderBy(s => s.Id).Select(s => s.Name ?? s.BodyType?.Name ?? "step")]))])))
            .WithTags("workflow");
        return endpoints;
    }
}
