using Verwalter.Configuration;
using Verwalter.Leadership;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Replication;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary>The snapshots <c>/v1/status</c> is built from, to wait for a change of any of them.</summary>
internal sealed class StatusSources(
    SnapshotPublisher<ConfigSnapshot> config,
    SnapshotPublisher<ScheduleState> schedule,
    SnapshotPublisher<RenderState> render,
    SnapshotPublisher<LeadershipState> election,
    SnapshotPublisher<ReplicationState> replication,
    SnapshotPublisher<PeerSet> peers)
{
    public long[] Versions() =>
    [
        config.Current?.Version ?? 0,
        schedule.Current?.Version ?? 0,
        render.Current?.Version ?? 0,
        election.Current?.Version ?? 0,
        replication.Current?.Version ?? 0,
        peers.Current?.Version ?? 0,
    ];

    /// <summary>Completes with the new versions once any snapshot is newer than <paramref name="seen"/>, or after <paramref name="timeout"/>.</summary>
    public async Task<long[]> WaitForChangeAsync(long[] seen, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task>
        {
            config.WaitForNewerAsync(seen[0], wait.Token),
            schedule.WaitForNewerAsync(seen[1], wait.Token),
            render.WaitForNewerAsync(seen[2], wait.Token),
            election.WaitForNewerAsync(seen[3], wait.Token),
            replication.WaitForNewerAsync(seen[4], wait.Token),
            peers.WaitForNewerAsync(seen[5], wait.Token),
            Task.Delay(timeout, time, wait.Token),
        };
        await Task.WhenAny(tasks);
        cancellationToken.ThrowIfCancellationRequested();
        await wait.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
            // the waits that did not complete
        }

        return Versions();
    }
}
