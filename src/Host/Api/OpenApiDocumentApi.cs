using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BatchInfer.Host.Api;

/// <summary>
/// /openapi/v1.json, built from the endpoints' own metadata and the API's JSON options. Microsoft.AspNetCore.OpenApi
/// 10.0.15 needs Microsoft.OpenApi 2.x and fails at run time beside the 3.x the simulator loads, so the document is made here.
/// </summary>
internal static class OpenApiDocumentApi
{
    public const string Path = "/openapi/v1.json";

    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (EndpointDataSource source, IOptions<JsonOptions> json) =>
                TypedResults.Text(Build(source, json.Value.SerializerOptions).ToJsonString(), "application/json"))
            .ExcludeFromDescription();
        return endpoints;
    }

    public static JsonObject Build(EndpointDataSource source, JsonSerializerOptions options)
    {
        var paths = new JsonObject();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>().OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
        {
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                continue;
            }
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (paths[path] is not JsonObject item)
            {
                paths[path] = item = [];
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                item[method.ToLowerInvariant()] = Operation(endpoint, options);
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "batch_infer daemon", ["version"] = "v1" },
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["paths"] = paths,
        };
    }

    private static JsonObject Operation(RouteEndpoint endpoint, JsonSerializerOptions options)
    {
        var operation = new JsonObject();
        if (endpoint.Metadata.GetMetadata<ITagsMetadata>() is { } tags)
        {
            operation["tags"] = new JsonArray([.. tags.Tags.Select(t => (JsonNode)t)]);
        }
        var parameters = endpoint.RoutePattern.Parameters.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["in"] = "path",
            ["required"] = true,
            ["schema"] = new JsonObject { ["type"] = "string" },
        });
        operation["parameters"] = new JsonArray([.. parameters]);
        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } requestType } accepts)
        {
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Content(accepts.ContentTypes, requestType, options) };
        }
        var responses = new JsonObject();
        foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            var response = new JsonObject { ["description"] = produces.Description ?? "" };
            if (produces.Type is { } type && type != typeof(void))
            {
                response["content"] = Content(produces.ContentTypes, type, options);
            }
            responses[produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
        responses["401"] = new JsonObject { ["description"] = "Missing or wrong bearer token" };
        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject Content(IEnumerable<string> contentTypes, Type type, JsonSerializerOptions options)
    {
        var content = new JsonObject();
        foreach (var contentType in contentTypes.DefaultIfEmpty("application/json"))
        {
            content[contentType] = new JsonObject { ["schema"] = options.GetJsonSchemaAsNode(type) };
        }
        return content;
    }
}
