using Verwalter.Api.Contracts;
using Verwalter.Leadership;
using Verwalter.Reconciliation;

namespace Verwalter.Api.Endpoints;

/// <summary><c>/v1/election</c>: this node's view of the election (spec §6).</summary>
internal static class ElectionEndpoints
{
    public static IEndpointRouteBuilder MapElectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/election", (HttpContext context, SnapshotPublisher<LeadershipState> leadership, TimeProvider time) =>
            JsonOutput.Json(context, Read(leadership.Current?.Value, time.GetUtcNow()), ClusterJsonContext.Default.ElectionResponse));
        return app;
    }

    internal static ElectionResponse Read(LeadershipState? state, DateTimeOffset now)
    {
        if (state is null)
        {
            return new ElectionResponse(false, false, null, null, null, null, 0, now.ToUnixTimeMilliseconds(), null, "Starting", null, now.ToUnixTimeMilliseconds());
        }

        var candidate = state.Phase is ElectionPhase.Electing or ElectionPhase.PreVoting;
        return new ElectionResponse(
            state.IsLeader,
            state.IsStable,
            state.LeaderId,
            state.Promoting,
            candidate ? state.VotesForMe : null,
            candidate ? state.NeededVotes : null,
            state.Epoch,
            state.Deadline.ToUnixTimeMilliseconds(),
            state.IsStable ? now.ToUnixTimeMilliseconds() : state.LastStableAt?.ToUnixTimeMilliseconds(),
            state.Phase.ToString(),
            state.LeaderAddress,
            state.Since.ToUnixTimeMilliseconds());
    }
}
