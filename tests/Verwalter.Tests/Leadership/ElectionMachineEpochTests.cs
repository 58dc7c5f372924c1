using Verwalter.Leadership;
using static Verwalter.Tests.Leadership.ElectionTestKit;

namespace Verwalter.Tests.Leadership;

/// <summary>Epoch rules (spec §9 item 4) and one vote per epoch.</summary>
public sealed class ElectionMachineEpochTests
{
    private const string Other = "other";
    private readonly ElectionMachine _machine = Machine(Original());

    private ElectionState FollowerAt(long epoch) =>
        _machine.Message(_machine.Start(T0), Ms(100), Peer, epoch, new PingMessage(), FreshPeers(Ms(100), Peer, Other)).State;

    private ElectionState LeaderAt(long epoch, DateTimeOffset now)
    {
        var electing = _machine.Message(_machine.Start(T0), T0, Peer, epoch - 1, new PingMessage(), FreshPeers(T0, Peer)).State;
        electing = _machine.Tick(electing, now, FreshPeers(now, Peer)).State;
        Assert.Equal(ElectionPhase.Electing, electing.Phase);
        return _machine.Message(electing, now, Peer, epoch, new VoteMessage(Me), FreshPeers(now, Peer)).State;
    }

    [Fact]
    public void Message_OlderEpoch_IsIgnored()
    {
        var follower = FollowerAt(3);

        foreach (ElectionMessage message in new ElectionMessage[] { new PongMessage(), new VoteMessage(Other) })
        {
            var step = _machine.Message(follower, Ms(200), Other, 2, message, FreshPeers(Ms(200), Peer, Other));
            Assert.Same(follower, step.State);
            Assert.Empty(step.Actions);
        }
    }

    [Fact]
    public void Message_OlderEpochPing_StateKeptAndNewerEpochSentBackToThatLeader()
    {
        var follower = FollowerAt(3);

        var step = _machine.Message(follower, Ms(200), Other, 2, new PingMessage(), FreshPeers(Ms(200), Peer, Other));

        Assert.Same(follower, step.State);
        var send = Assert.IsType<SendAction>(Assert.Single(step.Actions));
        Assert.Equal(Other, send.To);
        Assert.Equal(3, send.Epoch);
        Assert.IsType<PongMessage>(send.Message);
    }

    [Fact]
    public void Message_SameEpochPingToLeader_StartsElectionAtNextEpoch()
    {
        var leader = LeaderAt(2, Ms(5_000));
        Assert.True(leader.IsLeader);

        var step = _machine.Message(leader, Ms(5_100), Other, 2, new PingMessage(), FreshPeers(Ms(5_100), Peer, Other));

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(3, step.State.Epoch);
        Assert.Equal(new LostLeadership(2), Single<LostLeadership>(step.Actions));
        Assert.Equal(new BroadcastAction(3, new VoteMessage(Me)), Single<BroadcastAction>(step.Actions));
    }

    [Fact]
    public void Message_NewerPingToLeader_Follows()
    {
        var leader = LeaderAt(2, Ms(5_000));

        var step = _machine.Message(leader, Ms(5_100), Other, 7, new PingMessage(), FreshPeers(Ms(5_100), Peer, Other));

        Assert.Equal(ElectionPhase.Follower, step.State.Phase);
        Assert.Equal((Other, 7L), (step.State.Leader!, step.State.Epoch));
        Assert.Contains(new LostLeadership(2), step.Actions);
        Assert.Contains(new BecameFollower(Other, 7), step.Actions);
    }

    [Fact]
    public void Message_NewerVoteToLeaderWithoutQuorumContact_VotesAndConfirms()
    {
        var leader = LeaderAt(2, Ms(5_000));

        var step = _machine.Message(leader, Ms(9_000), Other, 4, new VoteMessage(Other), FreshPeers(Ms(9_000), Peer, Other));

        Assert.Equal(ElectionPhase.Voted, step.State.Phase);
        Assert.Equal(4, step.State.Epoch);
        Assert.Equal(new SendAction(Other, 4, new VoteMessage(Other)), Single<SendAction>(step.Actions));
        Assert.Contains(new LostLeadership(2), step.Actions);
    }

    [Fact]
    public void Message_SameEpochPongToNonLeader_StartsElection()
    {
        var follower = FollowerAt(3);

        var step = _machine.Message(follower, Ms(200), Other, 3, new PongMessage(), FreshPeers(Ms(200), Peer, Other));

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(4, step.State.Epoch);
    }

    [Fact]
    public void Message_NewerPong_StartsElectionAfterItsEpoch()
    {
        var follower = FollowerAt(3);

        var step = _machine.Message(follower, Ms(200), Other, 6, new PongMessage(), FreshPeers(Ms(200), Peer, Other));

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(7, step.State.Epoch);
    }

    [Fact]
    public void Message_SecondVoteInSameEpoch_IsNotCast()
    {
        var voted = _machine.Message(_machine.Start(T0), Ms(100), Peer, 1, new VoteMessage(Peer), FreshPeers(Ms(100), Peer, Other)).State;

        var step = _machine.Message(voted, Ms(150), Other, 1, new VoteMessage(Other), FreshPeers(Ms(150), Peer, Other));

        Assert.Same(voted, step.State);
        Assert.Empty(step.Actions);
        Assert.Equal(Peer, step.State.VotedFor);
    }

    [Fact]
    public void Message_CandidateIgnoresRivalsSelfVote()
    {
        var electing = _machine.Tick(_machine.Start(T0), Ms(10_000), FreshPeers(Ms(10_000), Peer, Other)).State;

        var step = _machine.Message(electing, Ms(10_010), Other, 1, new VoteMessage(Other), FreshPeers(Ms(10_010), Peer, Other));

        Assert.Same(electing, step.State);
        Assert.Empty(step.Actions);
    }

    [Fact]
    public void Message_DuplicateVotesFromOnePeer_CountOnce()
    {
        var peers = FreshPeers(Ms(10_000), Peer, Other, "third", "fourth");
        var electing = _machine.Tick(_machine.Start(T0), Ms(10_000), peers).State;
        Assert.Equal(3, electing.NeededVotes);

        var once = _machine.Message(electing, Ms(10_010), Peer, 1, new VoteMessage(Me), peers).State;
        var twice = _machine.Message(once, Ms(10_020), Peer, 1, new VoteMessage(Me), peers);

        Assert.Equal(ElectionPhase.Electing, twice.State.Phase);
        var third = _machine.Message(twice.State, Ms(10_030), Other, 1, new VoteMessage(Me), peers);
        Assert.Equal(ElectionPhase.Leader, third.State.Phase);
    }

    [Fact]
    public void AcceptsSchedule_OlderEpochOrOtherOrigin_IsRefused()
    {
        var follower = FollowerAt(3);

        Assert.True(follower.AcceptsSchedule(new(1, "h", Peer, 3)));
        Assert.False(follower.AcceptsSchedule(new(1, "h", Peer, 2)));
        Assert.False(follower.AcceptsSchedule(new(1, "h", Other, 3)));
        Assert.Equal(3, follower.HighestEpoch);
    }
}
