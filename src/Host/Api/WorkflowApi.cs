using BatchInfer.Activities.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkflowCore.Interface;

namespace BatchInfer.Host.Api;

/// <summary>/api/workflow: where the pipeline definition came from, its parameters, and the definitions the engine has registered with their step names in order.</summary>
internal static class WorkflowApi
{
    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/workflow", (IWorkflowRegistry registry, PipelineDefinition pipeline) => TypedResults.Ok(new WorkflowDto(
            pipeline.Source,
            pipeline.Parameters,
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
