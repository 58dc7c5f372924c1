using System.Text.Json;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQLParser.AST;
using Verwalter.Api.Security;

namespace Verwalter.Api.Graph;

/// <summary>
/// <c>POST /v1/graphql</c> (JSON <c>{query, operationName, variables}</c>), the WebSocket on
/// <c>GET /v1/graphql</c> for subscriptions, and the <c>GET /v1/graphiql</c> query page
/// (docs/api.md#graphql).
/// </summary>
internal static class GraphQLEndpoints
{
    public static IServiceCollection AddVerwalterGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<VerwalterSchema>();
        services.AddSingleton<GraphQL.IDocumentExecuter, GraphQL.DocumentExecuter>();
        services.AddSingleton(new GraphQLSerializer());
        services.AddSingleton<GraphRunner>();
        services.AddSingleton<GraphStatusReader>();
        services.AddSingleton<StatusChanges>();
        return services;
    }

    public static IEndpointRouteBuilder MapGraphQLEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/graphql", ExecuteAsync)
            .WithMetadata(new ApiAccessMetadata(ApiAccess.SelfChecked))
            .RequireJsonBody();
        app.MapGet("/v1/graphql", SubscribeAsync)
            .WithMetadata(new ApiAccessMetadata(ApiAccess.SelfChecked));
        // The query page is static (the data comes from /v1/graphql): open like the UI's files.
        app.MapGet("/v1/graphiql", () => Results.Text(GraphiQLPage.Html, "text/html; charset=utf-8")).WithMetadata(new ApiAccessMetadata(ApiAccess.Open));
        return app;
    }

    private static async Task<IResult> ExecuteAsync(HttpContext context, GraphRunner runner, GraphQLSerializer serializer, CancellationToken ct)
    {
        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(context.Request.Body, ct);
        }
        catch (JsonException ex)
        {
            return Results.Problem(detail: "the body is not a GraphQL request {query, operationName, variables}: " + ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (request?.Query is null)
        {
            return Results.Problem(detail: "field 'query' is missing; expected {\"query\": \"{ status { id } }\"}", statusCode: StatusCodes.Status400BadRequest);
        }

        var (document, operation) = GraphRunner.Inspect(request);
        var check = runner.Authorize(operation, ApiTokenStore.ParseBearer(context.Request.Headers.Authorization));
        if (check != ApiTokenCheck.Accepted)
        {
            return ApiTokenMiddleware.Unauthorized(context, check);
        }

        if (operation == OperationType.Subscription)
        {
            return Results.Problem(detail: "subscriptions run over a WebSocket on this path (graphql-transport-ws or graphql-ws)", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await runner.ExecuteAsync(request, document, context.RequestServices, ct);
        return Results.Text(serializer.Serialize(result), "application/json", statusCode: result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> SubscribeAsync(HttpContext context, GraphRunner runner, GraphQLSerializer serializer, IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Problem(detail: "GET /v1/graphql is the WebSocket for subscriptions; send queries and mutations with POST", statusCode: StatusCodes.Status400BadRequest);
        }

        var header = ApiTokenStore.ParseBearer(context.Request.Headers.Authorization);
        if (header is not null && runner.ReadsNeedToken && runner.CheckToken(header) is var check && check != ApiTokenCheck.Accepted)
        {
            return ApiTokenMiddleware.Unauthorized(context, check);
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var legacy = !requested.Contains(GraphWebSocketSession.Modern) && requested.Contains(GraphWebSocketSession.Legacy);
        var protocol = requested.Count == 0 ? null : legacy ? GraphWebSocketSession.Legacy : GraphWebSocketSession.Modern;
        if (requested.Count > 0 && !requested.Contains(protocol!))
        {
            return Results.Problem(detail: $"unknown sub-protocol; use {GraphWebSocketSession.Modern} or {GraphWebSocketSession.Legacy}", statusCode: StatusCodes.Status400BadRequest);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        await new GraphWebSocketSession(socket, legacy, runner, serializer, context.RequestServices, header).RunAsync(stopping.Token);
        return Results.Empty;
    }
}
