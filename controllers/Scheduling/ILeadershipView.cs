namespace Verwalter.Scheduling;

/// <summary>The schedule loop's view of leadership: act only as leader, stamp schedules with the epoch.</summary>
public interface ILeadershipView
{
    LeadershipLease Current { get; }
}

/// <summary>Whether this node leads, and in which epoch.</summary>
public readonly record struct LeadershipLease(bool IsLeader, long Epoch);

/// <summary>A cluster of one: this node always leads, in epoch 1 (until the cluster loops exist).</summary>
public sealed class SingleNodeLeadership : ILeadershipView
{
    public LeadershipLease Current { get; } = new(true, 1);
}
