using Verwalter.Api.Cli;
using Verwalter.Api.Contracts;
using Verwalter.Configuration;
using Verwalter.Hosting;
using Verwalter.Leadership;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Replication;
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
    SnapshotPublisher<LeadershipState> election,
    SnapshotPublisher<ReplicationState> replication,
    SnapshotPublisher<PeerSet> peers,
    TimeProvider time,
    Verwalter.Storage.StorageFaults storage,
    Frontend.FrontendSettings? frontend = null,
    Verwalter.Cluster.ClusterBinding? binding = null)
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

        foreach (var (path, fault) in storage.Current)
        {
            errors[$"storage:{path}"] = fault.Describe();
        }

        return errors;
    }

    public StatusResponse Read()
    {
        var lease = leadership.Current;
        var lead = election.Current?.Value;
        var replicated = replication.Current?.Value;
        var members = peers.Current?.Value.Members ?? [];
        var lastStable = lead is null ? null : lead.IsStable ? time.GetUtcNow().ToUnixTimeMilliseconds() : lead.LastStableAt?.ToUnixTimeMilliseconds();
        var current = schedule.Current?.Value.Current;
        var errors = Errors();
        var rendered = render.Current?.Value ?? RenderState.Empty;
        var failed = rendered.FailedRoles;
        var conditions = loops.Loops
            .Select(l => (l.Status.Current, l.QueueDepth))
            .Select(x => new LoopStatus(x.Current.Name, x.Current.LastSuccess, x.Current.LastError, x.Current.LastErrorAt, x.Current.NextRetry, x.Current.ConsecutiveFailures, x.QueueDepth))
            .ToList();
        return new StatusResponse(
            VerwalterCli.Version,
            node.Id,
            node.Name,
            node.Hostname,
            Peers: members.Length,
            PeersTimestamp: null,
            Leader: Leader(lead, members, current),
            Roles: rendered.AllRoles.Length,
            LastStableTimestamp: current?.Timestamp,
            NumErrors: errors.Count + failed.Length,
            Errors: errors,
            FailedRoles: failed,
            DebugForceLeader: false,
            new StatusMetrics(metrics.LastDuration?.TotalMilliseconds, metrics.Succeeded, metrics.Failed),
            new FetchState(replicated?.FetchState ?? (lease.IsLeader ? "StableLeader" : "Unstable")),
            new ElectionInfo(lead?.IsLeader ?? lease.IsLeader, lead?.IsStable ?? lease.IsLeader, lead?.LeaderId, lead?.Epoch ?? lease.Epoch, lastStable),
            current?.Hash,
            replicated?.ScheduleStatus ?? (lease.IsLeader ? "ok" : "unstable"),
            frontend?.DefaultFrontend ?? Frontend.FrontendSettings.Common,
            conditions,
            rendered.LastDeploymentId,
            rendered.LastDeploymentAt,
            [.. rendered.Roles.Values.Select(r => new RoleStatus(r.Role, r.DeploymentId, r.At, r.Duration.TotalMilliseconds, r.Error))],
            supervisor.Read(),
            binding?.Key is not null);
    }

    private LeaderInfo? Leader(LeadershipState? lead, System.Collections.Immutable.ImmutableArray<PeerMember> members, Schedule? current)
    {
        if (lead?.LeaderId is not { } id)
        {
            return null;
        }

        if (lead.IsLeader)
        {
            return new LeaderInfo(node.Id, node.Name, node.Hostname, null, current?.Origin == node.Id ? current.Hash : null);
        }

        var member = members.FirstOrDefault(m => m.Id == id);
        return new LeaderInfo(id, member?.Name ?? "", member?.Hostname ?? "", lead.LeaderAddress, lead.LeaderStamp?.Hash);
    }
}
