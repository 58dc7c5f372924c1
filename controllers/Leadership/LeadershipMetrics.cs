using System.Diagnostics.Metrics;
using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>Instruments of the leadership and replication loops on the shared <c>Verwalter</c> meter.</summary>
internal sealed class LeadershipMetrics
{
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _fetches;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _droppedBy = new(StringComparer.Ordinal);
    private long _droppedTotal;
    private long _rejectedTotal;
    private long _isLeader;
    private long _epoch;

    public LeadershipMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SchedulerMetrics.MeterName);
        _dropped = meter.CreateCounter<long>("verwalter_election_packets_dropped_total", description: "Election datagrams dropped by reason (malformed, non_member, own_id, stale_epoch).");
        _transitions = meter.CreateCounter<long>("verwalter_leadership_transitions_total", description: "Leadership changes of this node by kind.");
        _rejected = meter.CreateCounter<long>("verwalter_schedule_rejected_total", description: "Fetched schedules refused by reason (hash, origin, epoch).");
        _fetches = meter.CreateCounter<long>("verwalter_schedule_fetches_total", description: "Schedule fetches from peers by purpose and result.");
        meter.CreateObservableGauge("verwalter_leadership_is_leader", () => Interlocked.Read(ref _isLeader), description: "1 while this node leads.");
        meter.CreateObservableGauge("verwalter_leadership_epoch", () => Interlocked.Read(ref _epoch), description: "The highest election epoch this node adopted.");
        foreach (var reason in ElectionGate.Reasons)
        {
            _dropped.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        foreach (var kind in new[] { "became_leader", "became_follower", "lost_leadership" })
        {
            _transitions.Add(0, new KeyValuePair<string, object?>("kind", kind));
        }

        foreach (var reason in new[] { "hash", "origin", "epoch" })
        {
            _rejected.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public long DroppedPackets => Interlocked.Read(ref _droppedTotal);

    /// <summary>Dropped election datagrams of one reason (see <see cref="ElectionGate"/>).</summary>
    public long DroppedFor(string reason) => _droppedBy.GetValueOrDefault(reason);

    public long RejectedSchedules => Interlocked.Read(ref _rejectedTotal);

    public void PacketDropped(string reason)
    {
        Interlocked.Increment(ref _droppedTotal);
        _droppedBy.AddOrUpdate(reason, 1, (_, n) => n + 1);
        _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Transition(string kind) => _transitions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void ScheduleRejected(string reason)
    {
        Interlocked.Increment(ref _rejectedTotal);
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Fetch(string purpose, string result) =>
        _fetches.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new KeyValuePair<string, object?>("result", result));

    public void Observe(LeadershipState state)
    {
        Interlocked.Exchange(ref _isLeader, state.IsLeader ? 1 : 0);
        Interlocked.Exchange(ref _epoch, state.Epoch);
    }
}
