using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace BatchInfer.Host.Api;

/// <summary>
/// /openapi/v1.json from Microsoft.AspNetCore.OpenApi: the endpoints' metadata, schemas from the API's JSON options
/// (snake_case). The document adds what the token middleware enforces: the bearer scheme and a 401 on every operation.
/// Microsoft.AspNetCore.OpenApi 10.0.x is built against Microsoft.OpenApi 2.x, so the simulator reads the OpenAI spec
/// with Microsoft.OpenApi.YamlReader 2.x as well (Directory.Packages.props): one Microsoft.OpenApi in the process.
/// </summary>
internal static class OpenApiDocumentApi
{
    public const string Path = "/openapi/v1.json";

    private const string DocumentName = "v1";

    private const string BearerScheme = "bearer";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "batch_infer daemon", Version = DocumentName };
                document.Servers = [];
                document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer" });
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, _, _) =>
            {
                operation.Responses ??= [];
                operation.Responses["401"] = new OpenApiResponse { Description = "Missing or wrong bearer token" };
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(Path);
        return endpoints;
    }
}
