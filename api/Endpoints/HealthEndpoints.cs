using Verwalter.Api.Contracts;
using Verwalter.Api.Security;
using Verwalter.Configuration;
using Verwalter.Hosting;
using Verwalter.Leadership;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Replication;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// <c>/healthz</c>: the process serves requests. <c>/readyz</c>: the config has been read, a
/// schedule exists (from this run or loaded from storage), and no cluster loop (peers,
/// leadership, replication) is stuck failing; 503 with the reasons otherwise (docs/api.md).
/// Storage faults (a full or read-only disk) leave the node ready, since it schedules, replicates
/// and serves from memory: they are listed under <c>degraded</c> (docs/operations/faults.md).
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>
    /// Failed passes in a row after which a cluster loop makes the node not ready. One failure is
    /// retried within a second and must not flap readiness; three in a row mean the loop is stuck.
    /// </summary>
    public const int FailuresBeforeNotReady = 3;

    /// <summary>
    /// The loops whose failure takes the node out of the cluster. The keyed loops are left out on
    /// purpose: their failures are bad operator input (a broken template, a scheduler error) that
    /// keeps the last good state and shows in <c>errors</c> and <c>failed_roles</c> instead.
    /// </summary>
    private static readonly string[] ClusterLoops = [GossipPeerSource.LoopName, LeadershipController.LoopName, ReplicationController.LoopName];

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n")).WithMetadata(new ApiAccessMetadata(ApiAccess.Open));
        app.MapGet("/readyz", (HttpContext context, SnapshotPublisher<ConfigSnapshot> config, SnapshotPublisher<ScheduleState> schedule, ControllerRegistry loops, Verwalter.Storage.StorageFaults storage, CancellationToken ct) =>
        {
            var reasons = new List<string>();
            if (config.Current is null)
            {
                reasons.Add("config dir not read yet");
            }

            if (schedule.Current?.Value.Current is null)
            {
                reasons.Add("no schedule yet");
            }

            reasons.AddRange(FailingLoops(loops.Conditions));
            var degraded = storage.Current.Values.Select(f => "storage: " + f.Describe()).ToList();
            var body = new ReadinessResponse(reasons.Count == 0, reasons, degraded);
            var status = reasons.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return JsonOutput.Json(context, body, VerwalterJsonContext.Default.ReadinessResponse, status);
        }).WithMetadata(new ApiAccessMetadata(ApiAccess.Open));
        return app;
    }

    /// <summary>A reason for every cluster loop that failed <see cref="FailuresBeforeNotReady"/> or more passes in a row.</summary>
    internal static IEnumerable<string> FailingLoops(IEnumerable<ControllerCondition> conditions) =>
        conditions
            .Where(c => c.ConsecutiveFailures >= FailuresBeforeNotReady && ClusterLoops.Contains(c.Name, StringComparer.Ordinal))
            .Select(c => $"{c.Name} loop failing ({c.ConsecutiveFailures} passes in a row): {c.LastError}");
}
