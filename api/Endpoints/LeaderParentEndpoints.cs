using Verwalter.Reconciliation;
using Verwalter.Replication;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// <c>/v1/schedule/{hash}</c>: a schedule this node holds or recently held, by hash. A new leader
/// collects parents with it, so a peer that has already moved on can still hand over its old one.
/// </summary>
internal static class LeaderParentEndpoints
{
    public static IEndpointRouteBuilder MapLeaderParentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/schedule/{hash}", (HttpContext context, string hash, SnapshotPublisher<ScheduleState> state, RecentSchedules recent) =>
            recent.Find(hash.ToLowerInvariant(), state.Current?.Value.Current) is { } schedule
                ? Results.Bytes(schedule.ToJson(JsonOutput.IsPretty(context)), "application/json")
                : ScheduleEndpoints.NotFound($"no schedule {hash} here"));
        return app;
    }
}
