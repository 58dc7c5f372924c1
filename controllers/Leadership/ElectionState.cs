using System.Collections.Immutable;
using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>
/// One node's immutable election state. <see cref="Epoch"/> only ever grows (also across a
/// return to Starting), so it is the highest epoch this node has adopted.
/// </summary>
internal sealed record ElectionState
{
    public required ElectionPhase Phase { get; init; }

    public required long Epoch { get; init; }

    /// <summary>When the current phase times out (Leader: the next heartbeat).</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>Follower: the leader; Leader: this node; otherwise null.</summary>
    public string? Leader { get; init; }

    /// <summary>Voted: the candidate this node voted for.</summary>
    public string? VotedFor { get; init; }

    /// <summary>The highest epoch in which this node has cast a vote (its own included): one vote per epoch.</summary>
    public long VotedEpoch { get; init; }

    /// <summary>Electing: votes for this node (itself included); PreVoting: grants (itself included).</summary>
    public ImmutableHashSet<string> Votes { get; init; } = [];

    /// <summary>Quorum when the round started; a win needs the larger of this and the current quorum.</summary>
    public int NeededVotes { get; init; }

    /// <summary>PreVoting/Electing: when the round gives up; until then the request is re-sent each heartbeat.</summary>
    public DateTimeOffset? RoundEnds { get; init; }

    /// <summary>When a Ping from the current leader was last received (Follower).</summary>
    public DateTimeOffset? LastLeaderContact { get; init; }

    /// <summary>When this node became leader (Leader).</summary>
    public DateTimeOffset? LeaderSince { get; init; }

    /// <summary>Leader: when each peer last answered with a Pong in this term.</summary>
    public ImmutableDictionary<string, DateTimeOffset> LastPong { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>The last schedule stamp each peer reported (Ping, Pong, Vote, PreVote), for parent collection.</summary>
    public ImmutableDictionary<string, ScheduleStamp> PeerStamps { get; init; } = ImmutableDictionary<string, ScheduleStamp>.Empty;

    public bool IsLeader => Phase == ElectionPhase.Leader;

    /// <summary>The highest epoch seen and adopted; a schedule from an older epoch must be refused.</summary>
    public long HighestEpoch => Epoch;

    /// <summary>
    /// Whether a follower may take this schedule: it comes from the current leader and from an
    /// epoch no older than the highest this node has seen.
    /// </summary>
    public bool AcceptsSchedule(ScheduleStamp stamp) =>
        Phase == ElectionPhase.Follower && stamp.Origin == Leader && stamp.Epoch >= HighestEpoch;
}
