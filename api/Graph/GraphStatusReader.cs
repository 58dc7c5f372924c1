using System.Text;
using Verwalter.Api.Endpoints;
using Verwalter.Leadership;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Api.Graph;

/// <summary>Reads <see cref="GraphStatus"/> from the loops' snapshots, and says whether two reads differ in what an operator sees.</summary>
internal sealed class GraphStatusReader(
    StatusReader status,
    SnapshotPublisher<LeadershipState> leadership,
    SnapshotPublisher<ScheduleState> schedule,
    SnapshotPublisher<PeerSet> peers,
    TimeProvider time)
{
    public GraphStatus Read()
    {
        var lead = leadership.Current?.Value;
        return new GraphStatus(
            status.Read(),
            ElectionEndpoints.Read(lead, time.GetUtcNow()),
            lead,
            schedule.Current?.Value.Current,
            peers.Current?.Value.Members ?? []);
    }

    /// <summary>
    /// What a subscriber is told about: schedule, leader and election, roles and their outcomes,
    /// errors, peers and loop failures. Clock-driven fields (timestamps of passes, "now" as the
    /// last stable time) are left out, so an idle node pushes nothing.
    /// </summary>
    public static string Fingerprint(GraphStatus read)
    {
        var s = read.Status;
        var text = new StringBuilder();
        text.Append(s.ScheduleId).Append('|').Append(s.ScheduleStatus).Append('|').Append(s.FetchState.State)
            .Append('|').Append(s.Leader?.Id).Append('|').Append(s.Leader?.Addr).Append('|').Append(s.Leader?.Schedule)
            .Append('|').Append(read.Election.Phase).Append('|').Append(read.Election.Epoch).Append('|').Append(read.Election.Promoting)
            .Append('|').Append(s.Peers).Append('|').Append(s.Roles).Append('|').Append(s.NumErrors)
            .Append('|').Append(s.LastDeploymentId);
        foreach (var (domain, message) in s.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append("|e:").Append(domain).Append('=').Append(message);
        }

        foreach (var role in s.RoleStates)
        {
            text.Append("|r:").Append(role.Role).Append('=').Append(role.DeploymentId).Append(role.Error is null ? "" : "!" + role.Error);
        }

        foreach (var peer in read.Members)
        {
            text.Append("|p:").Append(peer.Id).Append('=').Append(peer.State);
        }

        foreach (var loop in s.Loops)
        {
            text.Append("|l:").Append(loop.Name).Append('=').Append(loop.ConsecutiveFailures);
        }

        if (s.Supervisor is { } supervisor)
        {
            text.Append("|s:").Append(supervisor.Running).Append(supervisor.Pid).Append(string.Join(",", supervisor.Problems))
                .Append(string.Join(",", supervisor.Sandboxes.SelectMany(b => b.Value.Select(i => i.ToString()))));
        }

        return text.ToString();
    }
}
