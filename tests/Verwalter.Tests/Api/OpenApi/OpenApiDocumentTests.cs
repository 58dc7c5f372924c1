using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Verwalter.Api.OpenApi;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.OpenApi;

/// <summary>
/// <c>/v1/openapi.json</c> describes every mapped route: the daemon's endpoints (from its
/// <see cref="EndpointDataSource"/>) are compared with the document, so a route added later
/// without a description fails here.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApi_Daemon_DescribesEveryMappedRoute()
    {
        await using var daemon = await InProcessDaemon.StartAsync();
        var document = JsonNode.Parse(await daemon.Http.GetStringAsync(new Uri("v1/openapi.json", UriKind.Relative)))!;
        var endpoints = daemon.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");
        Assert.Empty(OpenApiCompleteness.Problems(endpoints, document));
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(document["paths"]!.AsObject().Count >= 30);
    }

    [Fact]
    public async Task OpenApi_Daemon_HasSchemasProblemsAndParameters()
    {
        await using var daemon = await InProcessDaemon.StartAsync();
        var paths = JsonNode.Parse(await daemon.Http.GetStringAsync(new Uri("v1/openapi.json", UriKind.Relative)))!["paths"]!;

        var status = paths["/v1/status"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.NotNull(status["properties"]!["num_errors"]);
        Assert.NotNull(status["properties"]!["election_state"]);

        var action = paths["/v1/action"]!["post"]!;
        Assert.NotNull(action["requestBody"]!["content"]!["application/json"]);
        foreach (var code in new[] { "400", "401", "405", "413", "415", "429" })
        {
            Assert.NotNull(action["responses"]![code]!["content"]!["application/problem+json"]!["schema"]!["properties"]!["detail"]);
        }

        Assert.NotNull(action["responses"]!["503"]!["content"]!["application/json"]!["schema"]!["properties"]!["leader_addr"]);
        var addHost = paths["/add_host.json"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("addr", addHost["required"]![0]!.GetValue<string>());
        var backup = paths["/v1/backup/{name}"]!["get"]!;
        Assert.Equal("name", backup["parameters"]![0]!["name"]!.GetValue<string>());
        Assert.Null(paths["/healthz"]!["get"]!["responses"]!["401"]);
    }

    [Fact]
    public async Task Completeness_RouteWithoutDescription_IsReported()
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddVerwalterOpenApi();
        await using var app = builder.Build();
        app.MapVerwalterOpenApi();
        app.MapPost("/v1/undocumented/{thing}", (string thing) => thing);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = LoopbackServer.Address(app) };
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri("v1/openapi", UriKind.Relative)))!;

        var problems = OpenApiCompleteness.Problems(app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(), document);

        Assert.Contains("POST /v1/undocumented/{thing}: no summary (add it to RouteDocs)", problems);
        Assert.Contains("POST /v1/undocumented/{thing}: no request body schema", problems);
        await app.StopAsync();
    }
}
