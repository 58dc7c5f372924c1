using System.Globalization;
using System.Text.Json;
using Verwalter.Api.Contracts;
using Verwalter.Api.Security;
using Verwalter.Leadership;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// Operator actions (spec §2.7, §6): <c>/v1/action</c>, <c>/v1/wait_action</c>,
/// <c>/v1/pending_actions</c>, <c>/v1/action_is_pending/{id}</c>. Leader only for registration.
/// </summary>
internal static class ActionEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapActionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand("/v1/action", (HttpContext context, ActionQueue actions, ILeadershipView view, SnapshotPublisher<LeadershipState> leadership, CancellationToken ct) =>
            RegisterAsync(context, actions, view, leadership, wait: false, ct));
        app.MapCommand("/v1/wait_action", (HttpContext context, ActionQueue actions, ILeadershipView view, SnapshotPublisher<LeadershipState> leadership, CancellationToken ct) =>
            RegisterAsync(context, actions, view, leadership, wait: true, ct));
        app.MapGet("/v1/pending_actions", (HttpContext context, ActionQueue actions) =>
            JsonOutput.Raw(context, ActionQueue.ToJsonObject(actions.Snapshot())));
        app.MapGet("/v1/action_is_pending/{id}", (HttpContext context, string id, ActionQueue actions) =>
            long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? JsonOutput.Json(context, new ActionPending(actions.IsPending(value)), ClusterJsonContext.Default.ActionPending)
                : ScheduleEndpoints.NotFound("action ids are numbers"));
        return app;
    }

    private static async Task<IResult> RegisterAsync(
        HttpContext context,
        ActionQueue actions,
        ILeadershipView view,
        SnapshotPublisher<LeadershipState> leadership,
        bool wait,
        CancellationToken ct)
    {
        if (!view.Current.IsLeader)
        {
            return NotLeader(context, leadership.Current?.Value);
        }

        byte[] body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, ct);
            body = CanonicalJson.Canonicalize(body);
        }
        catch (InvalidDataException ex)
        {
            return Results.Problem(detail: ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (JsonException ex)
        {
            return Results.Problem(detail: "the body is not JSON: " + ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (actions.Register(body) is not { } ticket)
        {
            return Results.Problem(detail: $"more than {ActionQueue.PerSecond} actions in this second", statusCode: StatusCodes.Status429TooManyRequests);
        }

        if (!wait)
        {
            return JsonOutput.Json(context, new ActionRegistered(ticket.Id), ClusterJsonContext.Default.ActionRegistered);
        }

        var outcome = await ticket.Outcome.WaitAsync(ct);
        return outcome.Outcome switch
        {
            ActionOutcome.Reply => JsonOutput.Raw(context, outcome.Reply!),
            ActionOutcome.NoReply => Results.NoContent(),
            _ => NotLeader(context, leadership.Current?.Value),
        };
    }

    internal static IResult NotLeader(HttpContext context, LeadershipState? state) =>
        JsonOutput.Json(
            context,
            new NotLeaderResponse("this node is not the leader", state?.IsLeader == true ? null : state?.LeaderId, state?.LeaderAddress),
            ClusterJsonContext.Default.NotLeaderResponse,
            StatusCodes.Status503ServiceUnavailable);
}
