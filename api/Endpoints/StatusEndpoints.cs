using Verwalter.Api.Cli;
using Verwalter.Api.Contracts;
using Verwalter.Configuration;
using Verwalter.Hosting;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary><c>/v1/status</c>: a read model over the loops' snapshots.</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/status", (HttpContext context, StatusReader reader, CancellationToken ct) =>
            JsonOutput.Json(context, reader.Read(), VerwalterJsonContext.Default.StatusResponse));
        return app;
    }
}

/// <summary>Builds the status from snapshots; shared by the endpoint and readiness.</summary>
internal sealed class StatusReader(
    NodeIdentity node,
    ILeadershipView leadership,
    SnapshotPublisher<ConfigSnapshot> config,
    SnapshotPublisher<ScheduleState> schedule,
    SchedulerMetrics metrics,
    ControllerRegistry loops)
{
    public Dictionary<string, string> Errors()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var snapshot = config.Current?.Value;
        if (snapshot is not null)
        {
            if (!snapshot.SchedulerProblems.IsEmpty)
            {
                errors["scheduler_load"] = string.Join("\n", snapshot.SchedulerProblems);
            }

            if (!snapshot.RuntimeProblems.IsEmpty)
            {
                errors["runtime"] = string.Join("\n", snapshot.RuntimeProblems);
            }
        }

        if (schedule.Current?.Value.LastRun?.Error is { } error)
        {
            errors["scheduler"] = error;
        }

        return errors;
    }

    public StatusResponse Read()
    {
        var lease = leadership.Current;
        var current = schedule.Current?.Value.Current;
        var errors = Errors();
        var conditions = loops.Hosts
            .Select(h => (h.Status.Current, h.QueueDepth))
            .Select(x => new LoopStatus(x.Current.Name, x.Current.LastSuccess, x.Current.LastError, x.Current.LastErrorAt, x.Current.NextRetry, x.Current.ConsecutiveFailures, x.QueueDepth))
            .ToList();
        return new StatusResponse(
            VerwalterCli.Version,
            node.Id,
            node.Name,
            node.Hostname,
            Peers: 0,
            PeersTimestamp: null,
            Leader: lease.IsLeader ? new LeaderInfo(node.Id, node.Name, node.Hostname, null, current?.Hash) : null,
            Roles: 0,
            LastStableTimestamp: current?.Timestamp,
            NumErrors: errors.Count,
            Errors: errors,
            FailedRoles: [],
            DebugForceLeader: false,
            new StatusMetrics(metrics.LastDuration?.TotalMilliseconds, metrics.Succeeded, metrics.Failed),
            new FetchState(lease.IsLeader ? "StableLeader" : "Unstable"),
            new ElectionInfo(lease.IsLeader, lease.IsLeader, lease.IsLeader ? node.Id : null, lease.Epoch, current?.Timestamp),
            current?.Hash,
            lease.IsLeader ? "ok" : "unstable",
            "common",
            conditions);
    }
}
