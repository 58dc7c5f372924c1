using System.Collections.Immutable;
using Verwalter.Peers;

namespace Verwalter.Tests.Gossip;

/// <summary>
/// N membership machines in one process over an in-memory datagram network with loss, delay and
/// partitions, driven by manual time in fixed steps. Every datagram goes through the real codec.
/// </summary>
internal sealed class GossipCluster
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SeededRandom _network;
    private readonly PriorityQueue<Datagram, (DateTimeOffset, long)> _inFlight = new();
    private readonly Dictionary<string, int> _byAddress = new(StringComparer.Ordinal);
    private long _sent;

    public GossipCluster(int count, ulong seed, PeersOptions? options = null)
    {
        _network = new SeededRandom(seed);
        Options = options ?? new PeersOptions();
        Nodes = new SimNode[count];
        for (var i = 0; i < count; i++)
        {
            var address = $"10.{i / 62500}.{i / 250 % 250}.{(i % 250) + 1}:8379";
            var self = new MemberUpdate(i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), address, $"node{i}", $"node{i}.test", 0, MemberState.Alive);
            var machine = new MembershipMachine(self, Options, new SeededRandom(seed * 7919 + (ulong)i), Start);
            Nodes[i] = new SimNode(i, machine, count);
            _byAddress[address] = i;
        }

        Now = Start;
    }

    public PeersOptions Options { get; }

    public SimNode[] Nodes { get; }

    public DateTimeOffset Now { get; private set; }

    public TimeSpan Elapsed => Now - Start;

    public TimeSpan Step { get; init; } = TimeSpan.FromMilliseconds(10);

    public double Loss { get; set; }

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Group number per node; datagrams between different groups are dropped.</summary>
    public int[]? Partition { get; set; }

    public long Delivered { get; private set; }

    public long Dropped { get; private set; }

    public long DeliveredBytes { get; private set; }

    /// <summary>Every state change any node reported about a node that was not killed at that time.</summary>
    public List<string> FalseDeaths { get; } = [];

    /// <summary>Hands every node the full member list in one sync (a shortcut past the join phase for large clusters).</summary>
    public void Bootstrap()
    {
        var everyone = Nodes.Select(n => n.Machine.Self).ToImmutableArray();
        foreach (var node in Nodes)
        {
            var sender = Nodes[node.Index == 0 ? 1 : 0];
            var message = new GossipMessage(MessageKind.SyncReply, 0, sender.Machine.Self, null, everyone);
            Handle(node, node.Machine.Receive(Now, sender.Address, message));
        }
    }

    public void Join(int node, int seed) => Handle(Nodes[node], Nodes[node].Machine.AddSeed(Now, Nodes[seed].Address));

    public void Kill(int node) => Nodes[node].Killed = true;

    public void Revive(int node) => Nodes[node].Killed = false;

    /// <summary>Runs whole steps until <paramref name="until"/> holds or <paramref name="limit"/> of simulated time passes; true when it held.</summary>
    public bool RunUntil(Func<bool> until, TimeSpan limit)
    {
        var end = Now + limit;
        while (Now < end)
        {
            RunStep();
            if (until())
            {
                return true;
            }
        }

        return false;
    }

    public void RunFor(TimeSpan span) => RunUntil(() => false, span);

    public bool AllConverged()
    {
        var live = Nodes.Count(n => !n.Killed);
        return Nodes.All(n => n.Killed || n.AliveCount == live - 1);
    }

    public bool AllSee(int target, MemberState state) =>
        Nodes.Where(n => !n.Killed && n.Index != target).All(n => n.StateOf(Nodes[target].Id) == state);

    private void RunStep()
    {
        Now += Step;
        while (_inFlight.TryPeek(out _, out var key) && key.Item1 <= Now)
        {
            var datagram = _inFlight.Dequeue();
            var node = Nodes[datagram.To];
            if (node.Killed || Blocked(datagram.From, datagram.To))
            {
                Dropped++;
                continue;
            }

            Delivered++;
            DeliveredBytes += datagram.Bytes.Length;
            var message = GossipCodec.Decode(datagram.Bytes);
            Handle(node, node.Machine.Receive(Now, Nodes[datagram.From].Address, message));
        }

        foreach (var node in Nodes)
        {
            if (!node.Killed && node.NextWakeUp <= Now)
            {
                Handle(node, node.Machine.Tick(Now));
            }
        }
    }

    private bool Blocked(int from, int to) => Partition is not null && Partition[from] != Partition[to];

    private void Handle(SimNode node, MembershipStep step)
    {
        node.NextWakeUp = step.NextWakeUp;
        foreach (var change in step.Changes)
        {
            node.Observe(change);
            if (change.Kind == MembershipChangeKind.Dead && _byAddress.TryGetValue(change.Member.Address, out var target)
                && !Nodes[target].Killed && Partition is null)
            {
                FalseDeaths.Add($"{Elapsed}: node{node.Index} declared node{target} dead");
            }
        }

        foreach (var message in step.Messages)
        {
            var bytes = GossipCodec.Encode(message.Message);
            if (node.Killed || !_byAddress.TryGetValue(message.To, out var to) || _network.NextDouble() < Loss)
            {
                Dropped++;
                continue;
            }

            var delay = MaxDelay * _network.NextDouble();
            _inFlight.Enqueue(new Datagram(node.Index, to, bytes), (Now + delay, _sent++));
        }
    }

    private sealed record Datagram(int From, int To, byte[] Bytes);
}
