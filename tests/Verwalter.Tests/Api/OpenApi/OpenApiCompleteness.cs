using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Verwalter.Api.OpenApi;
using Verwalter.Api.Security;

namespace Verwalter.Tests.Api.OpenApi;

/// <summary>Compares an app's mapped endpoints with its OpenAPI document and lists what the document lacks.</summary>
internal static class OpenApiCompleteness
{
    public static List<string> Problems(IEnumerable<RouteEndpoint> endpoints, JsonNode document)
    {
        var problems = new List<string>();
        var paths = document["paths"]!.AsObject();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.DisplayName?.StartsWith("Fallback", StringComparison.Ordinal) == true)
            {
                continue; // "any other /v1/... is 404": no route of its own
            }

            var path = RouteDocs.Normalize(endpoint.RoutePattern.RawText!);
            if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true && !path.StartsWith("/v1/", StringComparison.Ordinal))
            {
                continue; // the web UI's pages and assets (/, /common/..., /~name/...): not API routes (docs/ui.md)
            }

            if (path == OpenApiEndpoints.Route)
            {
                path += ".json";
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (methods.Count == 0)
            {
                problems.Add($"{path}: a route for every method cannot be described");
                continue;
            }

            if (endpoint.Metadata.GetMetadata<ApiAccessMetadata>()?.Access == ApiAccess.Command && methods.All(CommandEndpoints.RefusedMethods.Contains))
            {
                // The 405 side of a command: documented as the POST operation's 405.
                if (paths[path]?["post"]?["responses"]?["405"] is null)
                {
                    problems.Add($"POST {path}: no 405 answer documented for the refused methods");
                }

                continue;
            }

            foreach (var method in methods)
            {
                var name = $"{method} {path}";
                if (paths[path]?[method.ToLowerInvariant()] is not JsonObject operation)
                {
                    problems.Add($"{name}: missing from the document");
                    continue;
                }

                if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
                {
                    problems.Add($"{name}: no summary (add it to RouteDocs)");
                }

                var responses = operation["responses"]?.AsObject();
                if (responses is null || !responses.Any(r => r.Key is ['1' or '2' or '3', _, _]))
                {
                    problems.Add($"{name}: no success answer");
                }

                var errors = responses?.Where(r => r.Key is ['4' or '5', _, _]).ToList() ?? [];
                if (endpoint.Metadata.GetMetadata<ApiAccessMetadata>()?.Access != ApiAccess.Open && path != OpenApiEndpoints.Route + ".json")
                {
                    if (errors.Count == 0 || errors.Any(e => e.Value?["content"] is not JsonObject content || content.Count == 0))
                    {
                        problems.Add($"{name}: error answers missing or without a body schema");
                    }
                }

                foreach (var parameter in endpoint.RoutePattern.Parameters.Select(p => p.Name))
                {
                    if (operation["parameters"]?.AsArray().Any(p => (string?)p!["name"] == parameter && (string?)p["in"] == "path") != true)
                    {
                        problems.Add($"{name}: path parameter '{parameter}' not documented");
                    }
                }

                if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && operation["requestBody"]?["content"] is null)
                {
                    problems.Add($"{name}: no request body schema");
                }
            }
        }

        return problems;
    }
}
