using Verwalter.Leadership;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Replication;

/// <summary>
/// The schedule loop's gate in a cluster: this node may schedule when it leads and its parent
/// collection for the current epoch is done; schedules carry that epoch.
/// </summary>
internal sealed class ClusterLeadershipView(
    SnapshotPublisher<LeadershipState> leadership,
    SnapshotPublisher<ReplicationState> replication,
    ParentPool parents) : ILeadershipView
{
    public LeadershipLease Current
    {
        get
        {
            var lead = leadership.Current?.Value;
            if (lead is null)
            {
                return new LeadershipLease(false, 0);
            }

            var ready = replication.Current?.Value.ReadyEpoch;
            return new LeadershipLease(lead.IsLeader && ready == lead.Epoch, lead.Epoch);
        }
    }

    public async Task WaitForChangeAsync(LeadershipLease seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            var leadVersion = leadership.Current?.Version ?? 0;
            var replicationVersion = replication.Current?.Version ?? 0;
            if (Current != seen)
            {
                return;
            }

            using var any = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(
                leadership.WaitForNewerAsync(leadVersion, any.Token),
                replication.WaitForNewerAsync(replicationVersion, any.Token)).ConfigureAwait(false);
            await any.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public IReadOnlyList<Schedule> ParentsFor(long epoch) => parents.For(epoch);

    public void ParentsMerged(long epoch, IReadOnlyCollection<string> hashes) => parents.Merged(epoch, hashes);

    public PeerReports Reports => leadership.Current?.Value is { } lead ? new PeerReports(lead.PeerStamps, lead.PeerErrors) : PeerReports.Empty;
}
