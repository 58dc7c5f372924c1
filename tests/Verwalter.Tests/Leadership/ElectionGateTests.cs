using System.Net;
using Verwalter.Leadership;

namespace Verwalter.Tests.Leadership;

public sealed class ElectionGateTests
{
    private const string Self = "00000000000000000000000000000001";
    private const string Member = "00000000000000000000000000000002";
    private const string Outsider = "ffffffffffffffffffffffffffffffff";
    private static readonly IPEndPoint MemberAddress = IPEndPoint.Parse("127.0.0.2:8379");
    private static readonly IPEndPoint SeedAddress = IPEndPoint.Parse("127.0.0.3:8379");
    private static readonly IPEndPoint Elsewhere = IPEndPoint.Parse("127.0.0.9:40000");

    private static readonly ElectionGate Gate = ElectionGate.Create(Self, [Self, Member], ["127.0.0.3:8379", "not-an-address"]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Check_EveryMessageKindFromANonMember_IsDroppedAsNonMember(int kind)
    {
        var packet = new ElectionPacket(Outsider, 1000, Message(kind));

        Assert.Equal(ElectionGate.NonMember, Gate.Check(packet, Elsewhere, 5));
        Assert.True(ElectionGate.Blocks(ElectionGate.NonMember));
    }

    [Fact]
    public void Check_NonMemberIdFromAMembersAddress_IsStillDropped()
    {
        Assert.Equal(ElectionGate.NonMember, Gate.Check(new ElectionPacket(Outsider, 6, new PingMessage()), MemberAddress, 5));
    }

    [Fact]
    public void Check_MemberNewerOrSameEpoch_Passes()
    {
        Assert.Null(Gate.Check(new ElectionPacket(Member, 6, new VoteMessage(Member)), Elsewhere, 5));
        Assert.Null(Gate.Check(new ElectionPacket(Member, 5, new PongMessage()), MemberAddress, 5));
    }

    [Fact]
    public void Check_UnknownIdFromASeedAddress_Passes_AlsoAsIpv4MappedIpv6()
    {
        Assert.Null(Gate.Check(new ElectionPacket(Outsider, 6, new PingMessage()), SeedAddress, 5));
        var mapped = new IPEndPoint(SeedAddress.Address.MapToIPv6(), SeedAddress.Port);
        Assert.Null(Gate.Check(new ElectionPacket(Outsider, 6, new PingMessage()), mapped, 5));
        Assert.Equal(ElectionGate.NonMember, Gate.Check(new ElectionPacket(Outsider, 6, new PingMessage()), new IPEndPoint(SeedAddress.Address, 8380), 5));
    }

    [Fact]
    public void Check_OwnId_IsDroppedEvenFromASeed()
    {
        Assert.Equal(ElectionGate.OwnId, Gate.Check(new ElectionPacket(Self, 6, new PingMessage()), SeedAddress, 5));
        Assert.True(ElectionGate.Blocks(ElectionGate.OwnId));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Check_MemberOlderEpochOtherThanPing_IsCountedStaleButNotBlocked(int kind)
    {
        Assert.Equal(ElectionGate.StaleEpoch, Gate.Check(new ElectionPacket(Member, 4, Message(kind)), MemberAddress, 5));
        Assert.False(ElectionGate.Blocks(ElectionGate.StaleEpoch));
    }

    [Fact]
    public void Check_MemberOlderEpochPing_PassesSoTheOldLeaderIsToldTheNewerEpoch()
    {
        Assert.Null(Gate.Check(new ElectionPacket(Member, 4, new PingMessage()), MemberAddress, 5));
    }

    [Fact]
    public void Create_SelfInTheMembership_IsNotAMember()
    {
        Assert.DoesNotContain(Self, Gate.Members);
        Assert.Single(Gate.Seeds);
    }

    [Fact]
    public void Message_NonMemberPingOfAHugeEpoch_NeverReachesTheMachine_LeaderKeepsItsEpoch()
    {
        var machine = new ElectionMachine(Self, new ElectionOptions(), new ConstantRandomSource(0.5));
        var now = DateTimeOffset.UnixEpoch;
        var peers = PeerView.Of(now, Member);
        var leader = machine.Start(now) with { Phase = ElectionPhase.Leader, Epoch = 3, Leader = Self };
        var state = leader;
        for (var i = 0; i < 40; i++)
        {
            var packet = new ElectionPacket(Outsider, 1000 + i, new PingMessage());
            if (!ElectionGate.Blocks(Gate.Check(packet, Elsewhere, state.Epoch)))
            {
                state = machine.Message(state, now, packet.Sender, packet.Epoch, packet.Message, peers).State;
            }
        }

        Assert.Equal(leader, state);
        var ungated = machine.Message(leader, now, Outsider, 1000, new PingMessage(), peers).State;
        Assert.Equal(1000, ungated.Epoch);
        Assert.Equal(ElectionPhase.Follower, ungated.Phase);
    }

    private static ElectionMessage Message(int kind) => kind switch
    {
        1 => new PingMessage(),
        2 => new PongMessage(),
        3 => new VoteMessage(Outsider),
        4 => new PreVoteMessage(),
        _ => new PreVoteGrantMessage(),
    };
}
