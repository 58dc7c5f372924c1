using Verwalter.Scheduling;

namespace Verwalter.Leadership;

internal sealed partial class ElectionMachine
{
    /// <summary>
    /// A packet arrived from <paramref name="source"/> with <paramref name="epoch"/>. Follows the
    /// table of spec §3.4 (older epochs ignored, newer epochs win), with pre-votes answered
    /// before the epoch comparison, newer votes refused while a live leader is known, and a Ping
    /// from an older epoch's leader answered with this node's newer epoch so that leader steps down.
    /// </summary>
    public ElectionStep Message(ElectionState state, DateTimeOffset now, string source, long epoch, ElectionMessage message, PeerView peers)
    {
        if (source == Self)
        {
            return new ElectionStep(state, []);
        }
        var actions = new List<ElectionAction>();
        state = RecordStamp(state, source, message.Schedule, actions);
        switch (message)
        {
            case PreVoteMessage:
                if (epoch > state.Epoch && (state.Leader == source || !HasLiveLeader(state, now, peers)))
                {
                    actions.Add(new SendAction(source, epoch, new PreVoteGrantMessage()));
                }
                return new ElectionStep(state, actions);
            case PreVoteGrantMessage:
                return OnPreVoteGrant(state, now, source, epoch, peers, actions);
        }
        if (epoch < state.Epoch)
        {
            if (message is PingMessage)
            {
                // A leader of an older epoch. This node moved on (a restart, a lost round) and cannot
                // follow it; left alone, the two sides ignore each other for good. The newer epoch
                // goes back in a Pong: the leader steps down and campaigns above it, reuniting the cluster.
                actions.Add(new SendAction(source, state.Epoch, new PongMessage()));
            }

            return new ElectionStep(state, actions);
        }
        return epoch == state.Epoch
            ? SameEpoch(state, now, source, message, peers, actions)
            : NewerEpoch(state, now, source, epoch, message, peers, actions);
    }

    private ElectionStep OnPreVoteGrant(ElectionState state, DateTimeOffset now, string source, long epoch, PeerView peers, List<ElectionAction> actions)
    {
        if (state.Phase != ElectionPhase.PreVoting || epoch != state.Epoch + 1)
        {
            return new ElectionStep(state, actions);
        }
        var grants = state.Votes.Add(source);
        if (grants.Count >= Math.Max(state.NeededVotes, MinimumVotes(now, peers)))
        {
            return StartElection(state, epoch, now, peers, actions);
        }
        return new ElectionStep(state with { Votes = grants }, actions);
    }

    private ElectionStep SameEpoch(ElectionState state, DateTimeOffset now, string source, ElectionMessage message, PeerView peers, List<ElectionAction> actions)
    {
        switch (message)
        {
            case PingMessage when state.IsLeader:
                // Two leaders in one epoch (only possible in minority mode): both campaign again.
                actions.Add(new LostLeadership(state.Epoch));
                return StartElection(state, state.Epoch + 1, now, peers, actions);
            case PingMessage:
                return Follow(state, source, state.Epoch, now, actions);
            case PongMessage when state.IsLeader:
                return new ElectionStep(state with { LastPong = state.LastPong.SetItem(source, now) }, actions);
            case PongMessage:
                return StartElection(state, state.Epoch + 1, now, peers, actions);
            case VoteMessage vote when state.Phase == ElectionPhase.Electing:
                return OnVoteForCandidate(state, now, source, vote, peers, actions);
            case VoteMessage vote when state.Phase == ElectionPhase.Starting && state.VotedEpoch < state.Epoch:
                return CastVote(state, vote.Target, state.Epoch, now, actions);
            case VoteMessage vote when state.Phase == ElectionPhase.Voted && vote.Target == source && state.VotedFor == source:
                // The candidate re-sent its request: repeat the confirm (still one vote in this epoch).
                actions.Add(new SendAction(source, state.Epoch, new VoteMessage(source)));
                return new ElectionStep(state, actions);
            default:
                // A late vote, or a vote in an epoch this node already voted in.
                return new ElectionStep(state, actions);
        }
    }

    private ElectionStep OnVoteForCandidate(ElectionState state, DateTimeOffset now, string source, VoteMessage vote, PeerView peers, List<ElectionAction> actions)
    {
        if (vote.Target != Self)
        {
            // Another candidate of the same epoch: ties are not broken here, the round times out.
            return new ElectionStep(state, actions);
        }
        var votes = state.Votes.Add(source);
        if (votes.Count >= Math.Max(state.NeededVotes, MinimumVotes(now, peers)))
        {
            return BecomeLeader(state, state.Epoch, now, actions);
        }
        return new ElectionStep(state with { Votes = votes }, actions);
    }

    private ElectionStep NewerEpoch(ElectionState state, DateTimeOffset now, string source, long epoch, ElectionMessage message, PeerView peers, List<ElectionAction> actions)
    {
        switch (message)
        {
            case PingMessage:
                return Follow(state, source, epoch, now, actions);
            case PongMessage:
                LoseLeadership(state, actions);
                return StartElection(state, epoch + 1, now, peers, actions);
            case VoteMessage vote:
                if (state.Leader != source && HasLiveLeader(state, now, peers))
                {
                    // Stickiness: a healthy leader is not unseated by a node that lost touch with it.
                    return new ElectionStep(state, actions);
                }
                return CastVote(state, vote.Target, epoch, now, actions);
            default:
                return new ElectionStep(state, actions);
        }
    }

    private static ElectionState RecordStamp(ElectionState state, string source, ScheduleStamp? stamp, List<ElectionAction> actions)
    {
        if (stamp is null || (state.PeerStamps.TryGetValue(source, out var known) && known == stamp))
        {
            return state;
        }
        actions.Add(new PeerStampChanged(source, stamp));
        return state with { PeerStamps = state.PeerStamps.SetItem(source, stamp) };
    }
}
