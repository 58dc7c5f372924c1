using System.Text.Json;
using System.Text.Json.Nodes;
using Verwalter.Api.Security;
using Verwalter.Reconciliation;
using Verwalter.Rendering.Query;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// <c>POST /v1/query</c>: the JSON body goes to <c>query.wasm</c>'s <c>query</c> export, initialised
/// with this node's current schedule; its <c>Ok</c> value answers 200, its <c>Err</c> 400.
/// <c>POST /v1/query/{path}</c> sends the original's request form <c>{"path", "body"}</c>.
/// </summary>
internal static class QueryEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapQueryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/query", (HttpContext context, QueryResponder responder, SnapshotPublisher<ScheduleState> state, CancellationToken ct) =>
            AnswerAsync(context, responder, state, null, ct)).RequireJsonBody();
        app.MapPost("/v1/query/{**path}", (HttpContext context, string path, QueryResponder responder, SnapshotPublisher<ScheduleState> state, CancellationToken ct) =>
            AnswerAsync(context, responder, state, path, ct)).RequireJsonBody();
        return app;
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, QueryResponder responder, SnapshotPublisher<ScheduleState> state, string? path, CancellationToken ct)
    {
        if (!responder.Present)
        {
            return Results.Problem(detail: $"no {QueryModule.RelativePath} in the config dir", statusCode: StatusCodes.Status404NotFound);
        }

        if (state.Current?.Value.Current is not { } schedule)
        {
            return Results.Problem(detail: "no schedule yet", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        byte[] body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, ct);
            var parsed = JsonNode.Parse(body);
            if (path is not null)
            {
                body = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["path"] = path, ["body"] = parsed }.ToJsonString());
            }
        }
        catch (InvalidDataException ex)
        {
            return Results.Problem(detail: ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (JsonException ex)
        {
            return Results.Problem(detail: $"the request body is not JSON: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        QueryAnswer? answer;
        try
        {
            answer = responder.Query(schedule, body);
        }
        catch (SchedulerException ex)
        {
            return Results.Problem(detail: ex.Message, statusCode: StatusCodes.Status500InternalServerError);
        }

        return answer is null
            ? Results.Problem(detail: $"no {QueryModule.RelativePath} in the config dir", statusCode: StatusCodes.Status404NotFound)
            : Results.Text(System.Text.Encoding.UTF8.GetString(answer.Json), "application/json", statusCode: answer.Ok ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
