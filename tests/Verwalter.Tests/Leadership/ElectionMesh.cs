using Verwalter.Leadership;

namespace Verwalter.Tests.Leadership;

/// <summary>
/// N election machines wired through an in-memory bus with delay, loss, partitions and crashed
/// nodes, on manual time. Deterministic for a given seed. Records every (epoch, leader) pair ever
/// observed so tests can check that no epoch had two leaders.
/// </summary>
internal sealed class ElectionMesh
{
    private readonly List<Node> _nodes = [];
    private readonly PriorityQueue<Packet, (DateTimeOffset At, long Seq)> _bus = new();
    private readonly SeededRandomSource _network;
    private long _seq;

    public ElectionMesh(int count, ElectionOptions options, ulong seed = 1)
    {
        _network = new SeededRandomSource(seed * 7919);
        Now = ElectionTestKit.T0;
        for (var i = 0; i < count; i++)
        {
            var id = $"n{i}";
            var machine = new ElectionMachine(id, options, new SeededRandomSource(seed + (ulong)i * 104_729));
            _nodes.Add(new Node(id, machine, machine.Start(Now)));
        }
        foreach (var node in _nodes)
        {
            foreach (var other in _nodes.Where(n => n != node))
            {
                node.Heard[other.Id] = Now;
            }
        }
    }

    public DateTimeOffset Now { get; private set; }

    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    public double Loss { get; set; }

    /// <summary>Every (epoch, leader) pair ever seen, keyed by epoch.</summary>
    public Dictionary<long, HashSet<string>> LeadersByEpoch { get; } = [];

    public IReadOnlyList<string> Ids => _nodes.Select(n => n.Id).ToArray();

    public ElectionState State(string id) => Find(id).State;

    /// <summary>Puts nodes into groups; packets between different groups are dropped.</summary>
    public void Partition(params string[][] groups)
    {
        foreach (var node in _nodes)
        {
            node.Group = Array.FindIndex(groups, g => g.Contains(node.Id));
        }
    }

    public void Heal() => Partition(Ids.ToArray());

    public void Crash(string id) => Find(id).Crashed = true;

    /// <summary>Replaces a node's state (to stage what a restart or a lost message history leaves behind).</summary>
    public void Set(string id, Func<ElectionState, ElectionState> change) => Find(id).State = change(Find(id).State);

    public void Run(TimeSpan span, TimeSpan? step = null)
    {
        var end = Now + span;
        var dt = step ?? TimeSpan.FromMilliseconds(10);
        while (Now < end)
        {
            Now += dt;
            while (_bus.TryPeek(out _, out var key) && key.At <= Now)
            {
                Deliver(_bus.Dequeue());
            }
            foreach (var node in _nodes.Where(n => !n.Crashed))
            {
                Apply(node, node.Machine.Tick(node.State, Now, ViewOf(node)));
            }
        }
    }

    /// <summary>Live nodes of a group that currently lead.</summary>
    public IReadOnlyList<string> Leaders(IEnumerable<string>? among = null) =>
        _nodes.Where(n => !n.Crashed && (among is null || among.Contains(n.Id)) && n.State.IsLeader)
            .Select(n => n.Id).ToArray();

    private void Deliver(Packet packet)
    {
        var to = Find(packet.To);
        if (to.Crashed || to.Group != Find(packet.From).Group)
        {
            return;
        }
        to.Heard[packet.From] = Now;
        Apply(to, to.Machine.Message(to.State, Now, packet.From, packet.Epoch, packet.Message, ViewOf(to)));
    }

    private void Apply(Node node, ElectionStep step)
    {
        node.State = step.State;
        if (step.State.IsLeader)
        {
            if (!LeadersByEpoch.TryGetValue(step.State.Epoch, out var set))
            {
                LeadersByEpoch[step.State.Epoch] = set = [];
            }
            set.Add(node.Id);
        }
        foreach (var action in step.Actions)
        {
            switch (action)
            {
                case BroadcastAction b:
                    foreach (var other in _nodes.Where(n => n != node))
                    {
                        Send(node, other.Id, b.Epoch, b.Message);
                    }
                    break;
                case SendAction s:
                    Send(node, s.To, s.Epoch, s.Message);
                    break;
            }
        }
    }

    private void Send(Node from, string to, long epoch, ElectionMessage message)
    {
        if (from.Group != Find(to).Group || _network.NextDouble() < Loss)
        {
            return;
        }
        var delay = MinDelay + ((MaxDelay - MinDelay) * _network.NextDouble());
        _bus.Enqueue(new Packet(from.Id, to, epoch, message), (Now + delay, _seq++));
    }

    private static PeerView ViewOf(Node node) =>
        new(node.Heard.Select(kv => new ElectionPeer(kv.Key, kv.Value)).ToArray());

    private Node Find(string id) => _nodes.First(n => n.Id == id);

    private sealed record Packet(string From, string To, long Epoch, ElectionMessage Message);

    private sealed class Node(string id, ElectionMachine machine, ElectionState state)
    {
        public string Id { get; } = id;

        public ElectionMachine Machine { get; } = machine;

        public ElectionState State { get; set; } = state;

        public Dictionary<string, DateTimeOffset> Heard { get; } = [];

        public int Group { get; set; }

        public bool Crashed { get; set; }
    }
}
