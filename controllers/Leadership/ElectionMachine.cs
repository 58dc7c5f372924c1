using System.Collections.Immutable;
using Verwalter.Reconciliation;

namespace Verwalter.Leadership;

/// <summary>
/// The epoch-based election of the original verwalter (<c>src/daemon/elect/machine.rs</c>) as a
/// pure machine: state, <c>now</c> and the peer view in; new state, actions and the next wake-up
/// out. On top of the original rules it has configurable timers, a pre-vote round, leader
/// stickiness and a leader that steps down when it loses its quorum (docs/controllers/leadership.md).
/// </summary>
internal sealed partial class ElectionMachine
{
    private readonly ElectionOptions _options;
    private readonly IRandomSource _random;

    public ElectionMachine(string self, ElectionOptions options, IRandomSource random)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        options.Validate();
        Self = self;
        _options = options;
        _random = random;
    }

    public string Self { get; }

    /// <summary>A new node: Starting, epoch 0, quiet for the start timeout plus one election timeout.</summary>
    public ElectionState Start(DateTimeOffset now) => new()
    {
        Phase = ElectionPhase.Starting,
        Epoch = 0,
        Deadline = now + _options.StartTimeout + NextElectionTimeout(),
    };

    /// <summary>Time passed. Nothing happens before the current deadline.</summary>
    public ElectionStep Tick(ElectionState state, DateTimeOffset now, PeerView peers)
    {
        if (now < state.Deadline)
        {
            return new ElectionStep(state, []);
        }
        var actions = new List<ElectionAction>();
        if (!peers.IsFresh)
        {
            LoseLeadership(state, actions);
            return new ElectionStep(ToStarting(state, now), actions);
        }
        switch (state.Phase)
        {
            case ElectionPhase.Starting:
                return CountedPeers(now, peers) == 0
                    ? BecomeLeader(state, state.Epoch + 1, now, actions)
                    : StartCandidacy(state, now, peers, actions);
            case ElectionPhase.Leader:
                if (HasLostQuorum(state, now, peers))
                {
                    actions.Add(new LostLeadership(state.Epoch));
                    return StartCandidacy(state, now, peers, actions);
                }
                actions.Add(new BroadcastAction(state.Epoch, new PingMessage()));
                return new ElectionStep(state with { Deadline = now + _options.HeartbeatInterval }, actions);
            case ElectionPhase.PreVoting or ElectionPhase.Electing when state.RoundEnds is { } ends && now < ends:
                // Re-send the request so a lost packet does not cost a whole round.
                var request = state.Phase == ElectionPhase.PreVoting
                    ? new BroadcastAction(state.Epoch + 1, new PreVoteMessage())
                    : new BroadcastAction(state.Epoch, new VoteMessage(Self));
                actions.Add(request);
                return new ElectionStep(state with { Deadline = NextRoundWake(now, ends) }, actions);
            case ElectionPhase.PreVoting:
            case ElectionPhase.Electing:
            case ElectionPhase.Voted:
            case ElectionPhase.Follower:
            default:
                return StartCandidacy(state, now, peers, actions);
        }
    }

    /// <summary>
    /// The number of peers (self excluded) the quorum is counted over: all known peers, or with
    /// <see cref="ElectionOptions.AllowMinorityCluster"/> only those heard directly within the window.
    /// </summary>
    public int CountedPeers(DateTimeOffset now, PeerView peers)
    {
        var count = 0;
        foreach (var peer in peers.Peers)
        {
            if (peer.Id != Self && IsCounted(peer, now))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Votes needed, self included: 1 alone, 2 of 2, otherwise a strict majority.</summary>
    public static int Quorum(int totalNodes) => totalNodes switch
    {
        <= 1 => 1,
        2 => 2,
        _ => (totalNodes / 2) + 1,
    };

    public int MinimumVotes(DateTimeOffset now, PeerView peers) => Quorum(CountedPeers(now, peers) + 1);

    private bool IsCounted(ElectionPeer peer, DateTimeOffset now) =>
        !_options.AllowMinorityCluster
        || (peer.LastHeardDirect is { } heard && heard > now - _options.MinorityWindow);

    private TimeSpan NextElectionTimeout()
    {
        var min = _options.ElectionTimeoutMin.Ticks;
        var span = _options.ElectionTimeoutMax.Ticks - min;
        return TimeSpan.FromTicks(min + (long)(_random.NextDouble() * span));
    }

    private static ElectionState ToStarting(ElectionState state, DateTimeOffset now) => state with
    {
        Phase = ElectionPhase.Starting,
        Leader = null,
        VotedFor = null,
        Votes = [],
        LastLeaderContact = null,
        LeaderSince = null,
        RoundEnds = null,
        LastPong = ImmutableDictionary<string, DateTimeOffset>.Empty,
        Deadline = now,
    };

    private ElectionStep StartCandidacy(ElectionState state, DateTimeOffset now, PeerView peers, List<ElectionAction> actions) =>
        _options.PreVote ? StartPreVote(state, now, peers, actions) : StartElection(state, state.Epoch + 1, now, peers, actions);

    private ElectionStep StartPreVote(ElectionState state, DateTimeOffset now, PeerView peers, List<ElectionAction> actions)
    {
        var needed = MinimumVotes(now, peers);
        if (needed <= 1)
        {
            return StartElection(state, state.Epoch + 1, now, peers, actions);
        }
        actions.Add(new BroadcastAction(state.Epoch + 1, new PreVoteMessage()));
        var next = ToStarting(state, now) with
        {
            Phase = ElectionPhase.PreVoting,
            Votes = [Self],
            NeededVotes = needed,
        };
        return new ElectionStep(WithRound(next, now), actions);
    }

    private ElectionState WithRound(ElectionState state, DateTimeOffset now)
    {
        var ends = now + NextElectionTimeout();
        return state with { RoundEnds = ends, Deadline = NextRoundWake(now, ends) };
    }

    private DateTimeOffset NextRoundWake(DateTimeOffset now, DateTimeOffset ends)
    {
        var resend = now + _options.HeartbeatInterval;
        return resend < ends ? resend : ends;
    }

    private ElectionStep StartElection(ElectionState state, long epoch, DateTimeOffset now, PeerView peers, List<ElectionAction> actions)
    {
        var needed = MinimumVotes(now, peers);
        if (needed <= 1)
        {
            return BecomeLeader(state, epoch, now, actions);
        }
        actions.Add(new BroadcastAction(epoch, new VoteMessage(Self)));
        var next = ToStarting(state, now) with
        {
            Phase = ElectionPhase.Electing,
            Epoch = epoch,
            VotedEpoch = epoch,
            Votes = [Self],
            NeededVotes = needed,
        };
        return new ElectionStep(WithRound(next, now), actions);
    }

    private ElectionStep BecomeLeader(ElectionState state, long epoch, DateTimeOffset now, List<ElectionAction> actions)
    {
        actions.Add(new BecameLeader(epoch));
        actions.Add(new BroadcastAction(epoch, new PingMessage()));
        var next = ToStarting(state, now) with
        {
            Phase = ElectionPhase.Leader,
            Epoch = epoch,
            VotedEpoch = Math.Max(state.VotedEpoch, epoch),
            Leader = Self,
            LeaderSince = now,
            Deadline = now + _options.HeartbeatInterval,
        };
        return new ElectionStep(next, actions);
    }

    private ElectionStep Follow(ElectionState state, string leader, long epoch, DateTimeOffset now, List<ElectionAction> actions)
    {
        if (state.Phase != ElectionPhase.Follower || state.Leader != leader || state.Epoch != epoch)
        {
            LoseLeadership(state, actions);
            actions.Add(new BecameFollower(leader, epoch));
        }
        actions.Add(new SendAction(leader, epoch, new PongMessage()));
        var next = ToStarting(state, now) with
        {
            Phase = ElectionPhase.Follower,
            Epoch = epoch,
            Leader = leader,
            LastLeaderContact = now,
            Deadline = now + NextElectionTimeout(),
        };
        return new ElectionStep(next, actions);
    }

    private ElectionStep CastVote(ElectionState state, string candidate, long epoch, DateTimeOffset now, List<ElectionAction> actions)
    {
        LoseLeadership(state, actions);
        actions.Add(new SendAction(candidate, epoch, new VoteMessage(candidate)));
        var next = ToStarting(state, now) with
        {
            Phase = ElectionPhase.Voted,
            Epoch = epoch,
            VotedEpoch = epoch,
            VotedFor = candidate,
            Deadline = now + NextElectionTimeout(),
        };
        return new ElectionStep(next, actions);
    }

    private static void LoseLeadership(ElectionState state, List<ElectionAction> actions)
    {
        if (state.IsLeader)
        {
            actions.Add(new LostLeadership(state.Epoch));
        }
    }

    /// <summary>A leader without Pongs from a quorum for the lease steps down (never in minority mode).</summary>
    private bool HasLostQuorum(ElectionState state, DateTimeOffset now, PeerView peers) =>
        !_options.AllowMinorityCluster
        && state.LeaderSince is { } since
        && now - since >= _options.LeaderLease
        && !HasRecentQuorum(state, now, peers, _options.LeaderLease);

    private bool HasRecentQuorum(ElectionState state, DateTimeOffset now, PeerView peers, TimeSpan window)
    {
        var heard = 1;
        foreach (var peer in peers.Peers)
        {
            if (peer.Id != Self && IsCounted(peer, now)
                && state.LastPong.TryGetValue(peer.Id, out var at) && at > now - window)
            {
                heard++;
            }
        }
        return heard >= MinimumVotes(now, peers);
    }

    /// <summary>
    /// Leader stickiness: true while this node has a live leader (itself with a recent quorum, or
    /// a leader it heard within the minimum election timeout). Such a node refuses pre-votes and
    /// votes from anyone but that leader.
    /// </summary>
    private bool HasLiveLeader(ElectionState state, DateTimeOffset now, PeerView peers) => state.Phase switch
    {
        ElectionPhase.Leader => (state.LeaderSince is { } since && now - since < _options.ElectionTimeoutMin)
            || HasRecentQuorum(state, now, peers, _options.ElectionTimeoutMin),
        ElectionPhase.Follower => state.LastLeaderContact is { } contact && now - contact < _options.ElectionTimeoutMin,
        _ => false,
    };
}
