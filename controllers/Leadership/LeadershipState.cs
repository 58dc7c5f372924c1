using System.Collections.Immutable;
using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>
/// What the leadership loop publishes after every step that changed something: the phase, the
/// epoch, who leads (id and address), and the schedule stamps peers reported, for replication,
/// parent collection, the status routes and the schedule loop's gate.
/// </summary>
internal sealed record LeadershipState
{
    public required ElectionPhase Phase { get; init; }

    /// <summary>The highest epoch this node adopted (never goes down).</summary>
    public required long Epoch { get; init; }

    /// <summary>The leader's node id (this node's when it leads); null without a leader.</summary>
    public string? LeaderId { get; init; }

    /// <summary>The leader's <c>ip:port</c> (HTTP and UDP); null when this node leads or the address is unknown.</summary>
    public string? LeaderAddress { get; init; }

    /// <summary>When the phase, leader or epoch last changed.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>When the current phase times out (the next heartbeat on a leader).</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>Follower: the stamp in the leader's last Ping (null until the leader has a schedule in this term).</summary>
    public ScheduleStamp? LeaderStamp { get; init; }

    /// <summary>The last schedule stamp each peer reported (Pong, Vote, PreVote, Ping).</summary>
    public ImmutableDictionary<string, ScheduleStamp> PeerStamps { get; init; } = ImmutableDictionary<string, ScheduleStamp>.Empty;

    /// <summary>Leader: the peers that answered a Ping in this term (their stamp, if any, is in <see cref="PeerStamps"/>).</summary>
    public ImmutableHashSet<string> Answered { get; init; } = [];

    /// <summary>Leader: the error count each peer reported in its last Pong of this term (for <c>/v1/peers</c> and the scheduler input).</summary>
    public ImmutableDictionary<string, int> PeerErrors { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Known peer addresses (from the membership and from received packets), id → <c>ip:port</c>.</summary>
    public ImmutableDictionary<string, string> PeerAddresses { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Candidate: votes (or pre-vote grants) for this node, itself included.</summary>
    public int VotesForMe { get; init; }

    public int NeededVotes { get; init; }

    /// <summary>Voted: the candidate this node voted for.</summary>
    public string? Promoting { get; init; }

    /// <summary>When the node last stopped being Leader or Follower (null: never, or still is).</summary>
    public DateTimeOffset? LastStableAt { get; init; }

    public bool IsLeader => Phase == ElectionPhase.Leader;

    public bool IsStable => Phase is ElectionPhase.Leader or ElectionPhase.Follower;

    public static LeadershipState Initial(DateTimeOffset now, DateTimeOffset deadline) =>
        new() { Phase = ElectionPhase.Starting, Epoch = 0, Since = now, Deadline = deadline };
}
