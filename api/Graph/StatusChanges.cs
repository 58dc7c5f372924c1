using System.Runtime.CompilerServices;
using Verwalter.Configuration;
using Verwalter.Leadership;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Replication;
using Verwalter.Scheduling;

namespace Verwalter.Api.Graph;

/// <summary>
/// The stream behind <c>subscription { status }</c>: the current status at once, then a new one
/// whenever a loop publishes a snapshot that changes what <see cref="GraphStatusReader.Fingerprint"/>
/// covers (a new schedule, a leader or epoch change, a role outcome, errors, peers). It waits on the
/// snapshot publishers, so there is no polling; a burst of publishes yields one read per wake-up.
/// </summary>
internal sealed class StatusChanges(
    GraphStatusReader reader,
    SnapshotPublisher<ConfigSnapshot> config,
    SnapshotPublisher<ScheduleState> schedule,
    SnapshotPublisher<RenderState> render,
    SnapshotPublisher<LeadershipState> leadership,
    SnapshotPublisher<ReplicationState> replication,
    SnapshotPublisher<PeerSet> peers)
{
    public IObservable<GraphStatus> Observe() => new AsyncEnumerableObservable<GraphStatus>(WatchAsync);

    public async IAsyncEnumerable<GraphStatus> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var waits = Versions();
            var read = reader.Read();
            var fingerprint = GraphStatusReader.Fingerprint(read);
            if (fingerprint != last)
            {
                last = fingerprint;
                yield return read;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tasks = waits(wake.Token);
            await Task.WhenAny(tasks);
            await wake.CancelAsync();
        }
    }

    /// <summary>Captures every publisher's version now; the returned function waits for any newer one.</summary>
    private Func<CancellationToken, Task[]> Versions()
    {
        var c = config.Current?.Version ?? 0;
        var s = schedule.Current?.Version ?? 0;
        var r = render.Current?.Version ?? 0;
        var l = leadership.Current?.Version ?? 0;
        var p = replication.Current?.Version ?? 0;
        var m = peers.Current?.Version ?? 0;
        return ct =>
        [
            config.WaitForNewerAsync(c, ct),
            schedule.WaitForNewerAsync(s, ct),
            render.WaitForNewerAsync(r, ct),
            leadership.WaitForNewerAsync(l, ct),
            replication.WaitForNewerAsync(p, ct),
            peers.WaitForNewerAsync(m, ct),
        ];
    }
}
