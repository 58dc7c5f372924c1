using Verwalter.Api.Cli;
using Verwalter.Api.Contracts;
using Verwalter.Configuration;
using Verwalter.Hosting;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary>Builds the status from snapshots; shared by the endpoint and readiness.</summary>
internal sealed class StatusReader(
    NodeIdentity node,
    ILeadershipView leadership,
    SnapshotPublisher<ConfigSnapshot> config,
    SnapshotPublisher<ScheduleState> schedule,
    SnapshotPublisher<RenderState> render,
    SchedulerMetrics metrics,
    ControllerRegistry loops,
    SupervisorStatusSource supervisor,
    SnapshotPublisher<Peers.PeerSet>? peers = null)
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

            if (!snapshot.SandboxProblems.IsEmpty)
            {
                errors["sandbox"] = string.Join("\n", snapshot.SandboxProblems);
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
        var rendered = render.Current?.Value ?? RenderState.Empty;
        var failed = rendered.FailedRoles;
        var conditions = loops.Hosts
            .Select(h => (h.Status.Current, h.QueueDepth))
            .Select(x => new LoopStatus(x.Current.Name, x.Current.LastSuccess, x.Current.LastError, x.Current.LastErrorAt, x.Current.NextRetry, x.Current.ConsecutiveFailures, x.QueueDepth))
            .ToList();
        return new StatusResponse(
            VerwalterCli.Version,
            node.Id,
            node.Name,
            node.Hostname,
            Peers: peers?.Current?.Value.Members.Length ?? 0,
            PeersTimestamp: null,
            Leader: lease.IsLeader ? new LeaderInfo(node.Id, node.Name, node.Hostname, null, current?.Hash) : null,
            Roles: rendered.AllRoles.Length,
            LastStableTimestamp: current?.Timestamp,
            NumErrors: errors.Count + failed.Length,
            Errors: errors,
            FailedRoles: failed,
            DebugForceLeader: false,
            new StatusMetrics(metrics.LastDuration?.TotalMilliseconds, metrics.Succeeded, metrics.Failed),
            new FetchState(lease.IsLeader ? "StableLeader" : "Unstable"),
            new ElectionInfo(lease.IsLeader, lease.IsLeader, lease.IsLeader ? node.Id : null, lease.Epoch, current?.Timestamp),
            current?.Hash,
            lease.IsLeader ? "ok" : "unstable",
            "common",
            conditions,
            rendered.LastDeploymentId,
            rendered.LastDeploymentAt,
            [.. rendered.Roles.Values.Select(r => new RoleStatus(r.Role, r.DeploymentId, r.At, r.Duration.TotalMilliseconds, r.Error))],
            supervisor.Read());
    }
}
