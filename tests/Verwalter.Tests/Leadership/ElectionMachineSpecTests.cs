using Verwalter.Leadership;
using static Verwalter.Tests.Leadership.ElectionTestKit;

namespace Verwalter.Tests.Leadership;

/// <summary>The scenarios of the original's election unit tests (spec §3.8), on the original's constants.</summary>
public sealed class ElectionMachineSpecTests
{
    private readonly ElectionMachine _machine = Machine(Original());

    [Fact]
    public void Start_NewMachine_IsStartingAtEpochZero()
    {
        var state = _machine.Start(T0);

        Assert.Equal(ElectionPhase.Starting, state.Phase);
        Assert.Equal(0, state.Epoch);
        Assert.True(state.Deadline > T0.AddSeconds(5));
    }

    [Fact]
    public void Tick_AloneAfterStartTimeout_BecomesLeaderAndPings()
    {
        var state = _machine.Start(T0);

        var early = _machine.Tick(state, Ms(100), PeerView.Empty);
        Assert.Equal(ElectionPhase.Starting, early.State.Phase);
        Assert.Empty(early.Actions);

        var late = _machine.Tick(early.State, Ms(10_100), PeerView.Empty);
        Assert.Equal(ElectionPhase.Leader, late.State.Phase);
        Assert.Equal(1, late.State.Epoch);
        Assert.Equal(new BecameLeader(1), Single<BecameLeader>(late.Actions));
        Assert.IsType<PingMessage>(Single<BroadcastAction>(late.Actions).Message);
    }

    [Fact]
    public void Tick_OnePeerAfterStartTimeout_StartsElectionWithSelfVote()
    {
        var step = _machine.Tick(_machine.Start(T0), Ms(10_000), FreshPeers(Ms(10_000), Peer));

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(1, step.State.Epoch);
        var broadcast = Single<BroadcastAction>(step.Actions);
        Assert.Equal(1, broadcast.Epoch);
        Assert.Equal(new VoteMessage(Me), broadcast.Message);
    }

    [Fact]
    public void Message_VoteFromOnlyPeer_BecomesLeaderOfTwoNodeCluster()
    {
        var now = Ms(10_000);
        var electing = _machine.Tick(_machine.Start(T0), now, FreshPeers(now, Peer)).State;
        Assert.Equal(2, electing.NeededVotes);

        var step = _machine.Message(electing, now.AddMilliseconds(10), Peer, 1, new VoteMessage(Me), FreshPeers(now, Peer));

        Assert.Equal(ElectionPhase.Leader, step.State.Phase);
        Assert.Equal(1, step.State.Epoch);
        Assert.IsType<PingMessage>(Single<BroadcastAction>(step.Actions).Message);
    }

    [Fact]
    public void Tick_ElectionWithoutVotes_StartsNextEpoch()
    {
        var now = Ms(10_000);
        var electing = _machine.Tick(_machine.Start(T0), now, FreshPeers(now, Peer)).State;

        var step = _machine.Tick(electing, now.AddSeconds(3), FreshPeers(now.AddSeconds(3), Peer));

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(2, step.State.Epoch);
        Assert.Equal(new BroadcastAction(2, new VoteMessage(Me)), Single<BroadcastAction>(step.Actions));
    }

    [Fact]
    public void Tick_VotedAndSilent_StartsElectionAtNextEpoch()
    {
        var voted = _machine.Message(_machine.Start(T0), Ms(100), Peer, 1, new VoteMessage(Peer), FreshPeers(Ms(100), Peer));
        Assert.Equal(ElectionPhase.Voted, voted.State.Phase);
        Assert.Equal(new SendAction(Peer, 1, new VoteMessage(Peer)), Single<SendAction>(voted.Actions));

        var step = _machine.Tick(voted.State, Ms(4_100), FreshPeers(Ms(4_100), Peer));

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(2, step.State.Epoch);
    }

    [Fact]
    public void Tick_LoneLeaderLater_StaysLeaderAndPingsAgain()
    {
        var leader = _machine.Tick(_machine.Start(T0), Ms(10_000), PeerView.Empty).State;

        var step = _machine.Tick(leader, Ms(13_000), PeerView.Empty);

        Assert.Equal(ElectionPhase.Leader, step.State.Phase);
        Assert.IsType<PingMessage>(Single<BroadcastAction>(step.Actions).Message);
        Assert.Equal(Ms(13_500), step.WakeAt);
    }

    [Fact]
    public void Tick_FollowerWithoutPings_StartsElection()
    {
        var follow = _machine.Message(_machine.Start(T0), Ms(100), Peer, 1, new PingMessage(), FreshPeers(Ms(100), Peer));
        Assert.Equal(ElectionPhase.Follower, follow.State.Phase);
        Assert.Equal(new SendAction(Peer, 1, new PongMessage()), Single<SendAction>(follow.Actions));
        Assert.Equal(new BecameFollower(Peer, 1), Single<BecameFollower>(follow.Actions));

        var step = _machine.Tick(follow.State, Ms(4_100), FreshPeers(Ms(4_100), Peer));

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(new BroadcastAction(2, new VoteMessage(Me)), Single<BroadcastAction>(step.Actions));
    }

    [Fact]
    public void Message_PingInVotedSameEpoch_Follows()
    {
        var voted = _machine.Message(_machine.Start(T0), Ms(100), Peer, 1, new VoteMessage(Peer), FreshPeers(Ms(100), Peer)).State;

        var step = _machine.Message(voted, Ms(200), Peer, 1, new PingMessage(), FreshPeers(Ms(200), Peer));

        Assert.Equal(ElectionPhase.Follower, step.State.Phase);
        Assert.Equal(Peer, step.State.Leader);
        Assert.Equal(new SendAction(Peer, 1, new PongMessage()), Single<SendAction>(step.Actions));
    }

    [Fact]
    public void Tick_StalePeerList_ReturnsToStartingKeepingEpoch()
    {
        var leader = _machine.Tick(_machine.Start(T0), Ms(10_000), PeerView.Empty).State;

        var step = _machine.Tick(leader, Ms(10_500), PeerView.Empty with { IsFresh = false });

        Assert.Equal(ElectionPhase.Starting, step.State.Phase);
        Assert.Equal(1, step.State.Epoch);
        Assert.Equal(new LostLeadership(1), Single<LostLeadership>(step.Actions));
    }

    [Fact]
    public void Message_FromSelf_IsDropped()
    {
        var state = _machine.Start(T0);

        var step = _machine.Message(state, Ms(100), Me, 5, new PingMessage(), PeerView.Empty);

        Assert.Same(state, step.State);
        Assert.Empty(step.Actions);
    }
}
