namespace Verwalter.Scheduling;

/// <summary>
/// The schedule loop's view of leadership: act only as a leader that may schedule (its parent
/// collection is done), stamp schedules with the epoch, and give the collected parents to the next run.
/// </summary>
public interface ILeadershipView
{
    LeadershipLease Current { get; }

    /// <summary>Completes when <see cref="Current"/> may have changed from <paramref name="seen"/>.</summary>
    Task WaitForChangeAsync(LeadershipLease seen, CancellationToken cancellationToken) =>
        Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);

    /// <summary>Schedules from other nodes that the next run in <paramref name="epoch"/> gets as parents, besides this node's own last one.</summary>
    IReadOnlyList<Schedule> ParentsFor(long epoch) => [];

    /// <summary>A run in <paramref name="epoch"/> that had these parents was published: they are merged and leave the pool.</summary>
    void ParentsMerged(long epoch, IReadOnlyCollection<string> hashes)
    {
    }

    /// <summary>What peers last reported to this node in heartbeats: schedule stamps and error counts by node id.</summary>
    PeerReports Reports => PeerReports.Empty;
}

/// <summary>Peers' last reported schedule stamps and error counts, by node id (the scheduler input's <c>peers[*].schedule</c> and <c>errors</c>).</summary>
public sealed record PeerReports(IReadOnlyDictionary<string, ScheduleStamp> Stamps, IReadOnlyDictionary<string, int> Errors)
{
    public static PeerReports Empty { get; } = new(new Dictionary<string, ScheduleStamp>(), new Dictionary<string, int>());
}

/// <summary>Whether this node leads (and may schedule), and in which epoch.</summary>
public readonly record struct LeadershipLease(bool IsLeader, long Epoch);

/// <summary>A cluster of one: this node always leads, in epoch 1 (used by tools and tests without the cluster loops).</summary>
public sealed class SingleNodeLeadership : ILeadershipView
{
    public LeadershipLease Current { get; } = new(true, 1);
}
