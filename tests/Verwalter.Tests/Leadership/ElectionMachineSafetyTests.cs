using Verwalter.Leadership;
using Verwalter.Scheduling;
using static Verwalter.Tests.Leadership.ElectionTestKit;

namespace Verwalter.Tests.Leadership;

/// <summary>Quorum sizes, minority counting and the fixes: step-down, pre-vote, stickiness, stamps.</summary>
public sealed class ElectionMachineSafetyTests
{
    private const string Other = "other";

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(7, 4)]
    public void Quorum_ClusterSize_NeedsMajorityAndBothOfTwo(int nodes, int expected) =>
        Assert.Equal(expected, ElectionMachine.Quorum(nodes));

    [Fact]
    public void MinimumVotes_MinorityMode_CountsOnlyRecentlyHeardPeers()
    {
        var options = new ElectionOptions { AllowMinorityCluster = true, MinorityWindow = TimeSpan.FromSeconds(75) };
        var machine = Machine(options);
        var now = Ms(100_000);
        var peers = new PeerView([
            new ElectionPeer("a", now.AddSeconds(-1)),
            new ElectionPeer("b", now.AddSeconds(-80)),
            new ElectionPeer("c", null),
            new ElectionPeer("d", now.AddSeconds(-74)),
        ]);

        Assert.Equal(2, machine.CountedPeers(now, peers));
        Assert.Equal(2, machine.MinimumVotes(now, peers));
        Assert.Equal(3, Machine().MinimumVotes(now, peers));
    }

    [Fact]
    public void Tick_LeaderWithoutPongsFromQuorum_StepsDown()
    {
        var machine = Machine();
        var (leader, now) = ElectLeader(machine);

        var later = now.AddMilliseconds(1_800);
        var step = machine.Tick(leader, later, FreshPeers(later, Peer, Other));

        Assert.Equal(ElectionPhase.PreVoting, step.State.Phase);
        Assert.Equal(leader.Epoch, step.State.Epoch);
        Assert.Equal(new LostLeadership(leader.Epoch), Single<LostLeadership>(step.Actions));
        Assert.Equal(new BroadcastAction(leader.Epoch + 1, new PreVoteMessage()), Single<BroadcastAction>(step.Actions));
    }

    [Fact]
    public void Tick_LeaderWithPongsFromQuorum_KeepsLeading()
    {
        var machine = Machine();
        var (leader, now) = ElectLeader(machine);
        var peers = FreshPeers(now, Peer, Other);

        for (var t = 200; t <= 5_000; t += 200)
        {
            var at = now.AddMilliseconds(t);
            leader = machine.Message(leader, at, Peer, leader.Epoch, new PongMessage(), peers).State;
            leader = machine.Tick(leader, at, peers).State;
            Assert.True(leader.IsLeader);
        }
    }

    [Fact]
    public void Tick_MinorityModeLeaderWithoutPongs_KeepsLeading()
    {
        var machine = Machine(new ElectionOptions { AllowMinorityCluster = true });
        var (leader, now) = ElectLeader(machine);

        var later = now.AddSeconds(10);
        var step = machine.Tick(leader, later, FreshPeers(later, Peer, Other));

        Assert.True(step.State.IsLeader);
        Assert.DoesNotContain(step.Actions, a => a is LostLeadership);
    }

    [Fact]
    public void Message_VoteWhileLeaderIsLive_IsRefused()
    {
        var machine = Machine();
        var peers = FreshPeers(T0, Peer, Other);
        var follower = machine.Message(machine.Start(T0), Ms(100), Peer, 3, new PingMessage(), peers).State;

        var vote = machine.Message(follower, Ms(500), Other, 9, new VoteMessage(Other), peers);
        var preVote = machine.Message(follower, Ms(500), Other, 4, new PreVoteMessage(), peers);

        Assert.Same(follower, vote.State);
        Assert.Empty(vote.Actions);
        Assert.Empty(preVote.Actions);
        Assert.Equal(3, vote.State.HighestEpoch);
    }

    [Fact]
    public void Message_VoteAfterLeaderWentQuiet_IsCast()
    {
        var machine = Machine();
        var peers = FreshPeers(T0, Peer, Other);
        var follower = machine.Message(machine.Start(T0), Ms(100), Peer, 3, new PingMessage(), peers).State;

        var preVote = machine.Message(follower, Ms(1_000), Other, 4, new PreVoteMessage(), peers);
        var vote = machine.Message(follower, Ms(1_000), Other, 4, new VoteMessage(Other), peers);

        Assert.Equal(new SendAction(Other, 4, new PreVoteGrantMessage()), Single<SendAction>(preVote.Actions));
        Assert.Equal(ElectionPhase.Follower, preVote.State.Phase);
        Assert.Equal(3, preVote.State.Epoch);
        Assert.Equal(ElectionPhase.Voted, vote.State.Phase);
    }

    [Fact]
    public void PreVote_QuorumOfGrants_StartsRealElection()
    {
        var machine = Machine();
        var peers = FreshPeers(T0, Peer, Other);
        var preVoting = machine.Tick(machine.Start(T0), Ms(10_000), peers);
        Assert.Equal(ElectionPhase.PreVoting, preVoting.State.Phase);
        Assert.Equal(0, preVoting.State.Epoch);
        Assert.Equal(new BroadcastAction(1, new PreVoteMessage()), Single<BroadcastAction>(preVoting.Actions));

        var stale = machine.Message(preVoting.State, Ms(10_010), Peer, 5, new PreVoteGrantMessage(), peers);
        Assert.Same(preVoting.State, stale.State);

        var step = machine.Message(preVoting.State, Ms(10_010), Peer, 1, new PreVoteGrantMessage(), peers);

        Assert.Equal(ElectionPhase.Electing, step.State.Phase);
        Assert.Equal(1, step.State.Epoch);
        Assert.Equal(new BroadcastAction(1, new VoteMessage(Me)), Single<BroadcastAction>(step.Actions));
    }

    [Fact]
    public void Tick_CandidateBeforeRoundEnds_ResendsRequestEachHeartbeat()
    {
        var machine = Machine(random: 0.99);
        var peers = FreshPeers(T0, Peer, Other);
        var preVoting = machine.Tick(machine.Start(T0), Ms(10_000), peers).State;
        Assert.Equal(Ms(10_200), preVoting.Deadline);

        var resend = machine.Tick(preVoting, Ms(10_200), peers);

        Assert.Equal(ElectionPhase.PreVoting, resend.State.Phase);
        Assert.Equal(new BroadcastAction(1, new PreVoteMessage()), Single<BroadcastAction>(resend.Actions));
        Assert.Equal(Ms(10_400), resend.WakeAt);
    }

    [Fact]
    public void Message_RepeatedRequestFromVotedCandidate_RepeatsConfirmOnly()
    {
        var machine = Machine();
        var peers = FreshPeers(T0, Peer, Other);
        var voted = machine.Message(machine.Start(T0), Ms(100), Peer, 1, new VoteMessage(Peer), peers).State;

        var again = machine.Message(voted, Ms(300), Peer, 1, new VoteMessage(Peer), peers);
        var rival = machine.Message(voted, Ms(300), Other, 1, new VoteMessage(Other), peers);

        Assert.Equal(new SendAction(Peer, 1, new VoteMessage(Peer)), Single<SendAction>(again.Actions));
        Assert.Empty(rival.Actions);
    }

    [Fact]
    public void PreVote_WithoutGrants_NeverRaisesEpoch()
    {
        var machine = Machine();
        var peers = FreshPeers(T0, Peer, Other);
        var state = machine.Start(T0);

        for (var t = 0; t < 60_000; t += 100)
        {
            state = machine.Tick(state, Ms(t), peers).State;
        }

        Assert.Equal(ElectionPhase.PreVoting, state.Phase);
        Assert.Equal(0, state.Epoch);
    }

    [Fact]
    public void Message_StampsFromPeers_AreTrackedOnceEach()
    {
        var machine = Machine();
        var (leader, now) = ElectLeader(machine);
        var peers = FreshPeers(now, Peer, Other);
        var stamp = new ScheduleStamp(1_000, "abc", Peer, 1);

        var first = machine.Message(leader, now, Peer, leader.Epoch, new PongMessage(stamp, 2), peers);
        var again = machine.Message(first.State, now, Peer, leader.Epoch, new PongMessage(stamp, 2), peers);
        var fromVote = machine.Message(again.State, now, Other, leader.Epoch, new VoteMessage(Other, stamp with { Origin = Other }), peers);

        Assert.Equal(new PeerStampChanged(Peer, stamp), Single<PeerStampChanged>(first.Actions));
        Assert.Empty(again.Actions);
        Assert.Single(fromVote.Actions.OfType<PeerStampChanged>());
        Assert.Equal(2, fromVote.State.PeerStamps.Count);
    }

    [Fact]
    public void Options_InvalidTimers_AreRejected()
    {
        var options = new ElectionOptions { ElectionTimeoutMax = TimeSpan.FromMilliseconds(500) };

        Assert.Throws<ArgumentOutOfRangeException>(() => Machine(options));
    }

    /// <summary>Defaults, three nodes: pre-vote and vote granted by <c>peer</c>.</summary>
    private static (ElectionState Leader, DateTimeOffset Now) ElectLeader(ElectionMachine machine)
    {
        var now = Ms(10_000);
        var peers = FreshPeers(now, Peer, Other);
        var state = machine.Tick(machine.Start(T0), now, peers).State;
        state = machine.Message(state, now, Peer, 1, new PreVoteGrantMessage(), peers).State;
        state = machine.Message(state, now, Peer, 1, new VoteMessage(Me), peers).State;
        Assert.True(state.IsLeader);
        return (state, now);
    }
}
