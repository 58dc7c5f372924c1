using Verwalter.Peers;

namespace Verwalter.Tests.Gossip;

public sealed class MembershipMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PeersOptions Options = new();

    private static MemberUpdate Node(int i) =>
        new(i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), $"10.0.0.{i}:8379", $"n{i}", $"n{i}", 0, MemberState.Alive);

    private static MembershipMachine WithMembers(int count)
    {
        var machine = new MembershipMachine(Node(1), Options, new SeededRandom(1), T0);
        machine.Receive(T0, Node(2).Address, new GossipMessage(MessageKind.SyncReply, 0, Node(2), null, [.. Enumerable.Range(3, count - 2).Select(Node)]));
        return machine;
    }

    [Fact]
    public void Receive_PingFromUnknownNode_JoinsAndAcksWithSameSequence()
    {
        var machine = new MembershipMachine(Node(1), Options, new SeededRandom(1), T0);

        var step = machine.Receive(T0, Node(2).Address, new GossipMessage(MessageKind.Ping, 17, Node(2), null, []));

        var ack = Assert.Single(step.Messages);
        Assert.Equal(Node(2).Address, ack.To);
        Assert.Equal((MessageKind.Ack, 17u), (ack.Message.Kind, ack.Message.Sequence));
        Assert.Equal(MembershipChangeKind.Joined, Assert.Single(step.Changes).Kind);
        Assert.Equal(T0, machine.Snapshot().Members[0].LastReportDirect);
    }

    [Fact]
    public void Tick_NoAckWithinTimeout_SendsIndirectProbesThenSuspects()
    {
        var machine = WithMembers(6);
        var now = T0 + Options.ProtocolPeriod;
        var ping = Assert.Single(machine.Tick(now).Messages, m => m.Message.Kind == MessageKind.Ping);

        var indirect = machine.Tick(now + Options.AckTimeout).Messages.Where(m => m.Message.Kind == MessageKind.PingReq).ToList();
        Assert.Equal(Options.IndirectChecks, indirect.Count);
        Assert.All(indirect, m => Assert.Equal(ping.To, m.Message.Target!.Address));
        Assert.DoesNotContain(indirect, m => m.To == ping.To);

        var end = machine.Tick(now + Options.ProtocolPeriod);
        var suspect = Assert.Single(end.Changes);
        Assert.Equal((MembershipChangeKind.Suspect, ping.To), (suspect.Kind, suspect.Member.Address));
    }

    [Fact]
    public void Tick_AckRelayedByHelper_NoSuspicion()
    {
        var machine = WithMembers(6);
        var now = T0 + Options.ProtocolPeriod;
        machine.Tick(now);
        var request = machine.Tick(now + Options.AckTimeout).Messages.First(m => m.Message.Kind == MessageKind.PingReq);
        var helper = Node(int.Parse(request.To.Split('.', ':')[3], System.Globalization.CultureInfo.InvariantCulture));

        machine.Receive(now + Options.AckTimeout * 1.5, helper.Address, new GossipMessage(MessageKind.Ack, request.Message.Sequence, helper, null, []));

        Assert.Empty(machine.Tick(now + Options.ProtocolPeriod).Changes.Where(c => c.Kind == MembershipChangeKind.Suspect));
    }

    [Fact]
    public void Receive_DirectAck_MeasuresRtt()
    {
        var machine = WithMembers(3);
        var now = T0 + Options.ProtocolPeriod;
        var ping = Assert.Single(machine.Tick(now).Messages, m => m.Message.Kind == MessageKind.Ping);
        var target = machine.Snapshot().Members.Single(m => m.Address == ping.To);

        machine.Receive(now + TimeSpan.FromMilliseconds(7), ping.To, new GossipMessage(MessageKind.Ack, ping.Message.Sequence, Node(int.Parse(target.Hostname[1..], System.Globalization.CultureInfo.InvariantCulture)), null, []));

        Assert.Equal(TimeSpan.FromMilliseconds(7), machine.Snapshot().Members.Single(m => m.Id == target.Id).Rtt);
    }

    [Fact]
    public void Receive_SuspicionAboutSelf_RefutesWithHigherIncarnation()
    {
        var machine = WithMembers(3);
        var claim = Node(1) with { State = MemberState.Suspect, Incarnation = 4 };

        var step = machine.Receive(T0, Node(2).Address, new GossipMessage(MessageKind.Ping, 1, Node(2), null, [claim]));

        Assert.Equal(5u, machine.Self.Incarnation);
        Assert.Contains(step.Messages.Single().Message.Updates, u => u.Id == Node(1).Id && u.Incarnation == 5 && u.State == MemberState.Alive);
    }

    [Fact]
    public void Tick_SuspicionTimeoutPasses_DeclaresDeadUnlessRefuted()
    {
        var machine = WithMembers(4);
        machine.Receive(T0, Node(2).Address, new GossipMessage(MessageKind.Ack, 0, Node(2), null, [Node(3) with { State = MemberState.Suspect }, Node(4) with { State = MemberState.Suspect }]));
        machine.Receive(T0, Node(2).Address, new GossipMessage(MessageKind.Ack, 0, Node(2), null, [Node(4) with { Incarnation = 1 }]));

        var timeout = Options.SuspicionTimeout(machine.LiveCount);
        var step = machine.Tick(T0 + timeout);

        var dead = Assert.Single(step.Changes, c => c.Kind == MembershipChangeKind.Dead);
        Assert.Equal(Node(3).Id, dead.Member.Id);
        Assert.Equal(MemberState.Alive, machine.Snapshot().Members.Single(m => m.Id == Node(4).Id).State);
    }

    [Fact]
    public void AddSeed_NoAnswer_RetriesWithBackoffThenGivesUp()
    {
        var machine = new MembershipMachine(Node(1), Options, new SeededRandom(3), T0);
        var first = machine.AddSeed(T0, "10.9.9.9:8379");
        Assert.Equal(MessageKind.SyncRequest, Assert.Single(first.Messages).Message.Kind);

        var now = T0;
        var attempts = 1;
        for (var i = 0; i < 100_000 && now < T0 + TimeSpan.FromHours(2); i++)
        {
            now += TimeSpan.FromMilliseconds(50);
            attempts += machine.Tick(now).Messages.Count(m => m.To == "10.9.9.9:8379");
        }

        Assert.Equal(6, attempts);
    }

    [Fact]
    public void SuspicionTimeout_Defaults_ScaleWithLogN()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(600), Options.SuspicionTimeout(5));
        Assert.Equal(TimeSpan.FromMilliseconds(1800), Options.SuspicionTimeout(1000));
        Assert.Equal(16, Options.RetransmitLimit(1000));
    }
}
