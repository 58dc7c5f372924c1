using Microsoft.OpenApi;

namespace Verwalter.Api.OpenApi;

/// <summary><c>GET /v1/openapi.json</c>: the OpenAPI 3.1 document of every HTTP route (docs/api.md#openapi).</summary>
internal static class OpenApiEndpoints
{
    public const string DocumentName = "v1";

    /// <summary>Mapped as <c>/v1/openapi</c>: the suffix middleware turns <c>/v1/openapi.json</c> into it.</summary>
    public const string Route = "/v1/openapi";

    public static IServiceCollection AddVerwalterOpenApi(this IServiceCollection services)
    {
        // The contracts are snake_case (VerwalterJsonContext); the schemas must say so too.
        services.ConfigureHttpJsonOptions(o => 
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddOperationTransformer<RouteDocTransformer>();
            options.AddDocumentTransformer((document, context, ct) =>
            {
                document.Info.Title = "verwalter";
                document.Info.Version = Cli.VerwalterCli.Version;
                document.Info.Description = "The HTTP API of a verwalter node (docs/api.md).";
                var self = RouteDocs.All["GET " + Route];
                document.Paths[Route + ".json"] = new OpenApiPathItem
                {
                    Operations = new Dictionary<HttpMethod, OpenApiOperation>
                    {
                        [HttpMethod.Get] = new()
                        {
                            Summary = self.Summary,
                            Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = self.FreeForm ?? self.Summary } },
                        },
                    },
                };
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapVerwalterOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Route);
        return app;
    }
}
