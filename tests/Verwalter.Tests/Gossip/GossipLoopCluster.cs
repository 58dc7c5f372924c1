using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Cluster;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Tests.Cluster;
using Verwalter.Tests.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Gossip;

/// <summary>
/// Several real <see cref="GossipPeerSource"/> loops over <see cref="InMemoryClusterNetwork"/> on
/// one manual clock. <see cref="StepAsync"/> waits until every loop is idle, then moves time on.
/// </summary>
internal sealed class GossipLoopCluster : IAsyncDisposable
{
    private readonly List<Node> _nodes = [];

    public ManualTimeProvider Time { get; } = new();

    /// <summary>What the loops get, as in the daemon: <see cref="Time"/>'s timers with a monotonic "now" (wall clock jumps do not reach it).</summary>
    public TimeProvider LoopClock { get; }

    public InMemoryClusterNetwork Network { get; }

    public TestMeterFactory Meters { get; } = new();

    public CancellationTokenSource Timeout { get; } = new(TimeSpan.FromSeconds(60));

    public GossipLoopCluster()
    {
        Network = new InMemoryClusterNetwork(Time);
        LoopClock = new MonotonicTimeProvider(Time);
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    public static IPEndPoint Address(int index) => new(IPAddress.Parse($"127.0.0.{index + 1}"), 8379);

    public Task<Node> StartAsync(params string[] join) => StartWithStorageAsync(null, join);

    public async Task<Node> StartWithStorageAsync(string? storageDir, params string[] join)
    {
        var index = _nodes.Count;
        var transport = Network.Join(Address(index));
        var peers = new SnapshotPublisher<PeerSet>();
        var identity = new NodeIdentity((index + 1).ToString("x32", System.Globalization.CultureInfo.InvariantCulture), $"node{index}", $"node{index}.test");
        var source = new GossipPeerSource(
            transport, identity, Options.Create(new PeersOptions()), PeerSourceSettings.Gossip(8379, join) with { StorageDir = storageDir }, peers,
            new PeersMetrics(Meters, peers), new SeededRandom((ulong)index + 1), LoopClock, NullLogger<GossipPeerSource>.Instance);
        var node = new Node(index, identity, transport, source, peers);
        _nodes.Add(node);
        await source.StartAsync(Timeout.Token);
        return node;
    }

    /// <summary>Steps time by <paramref name="step"/> until <paramref name="condition"/> holds; returns the simulated time it took.</summary>
    public async Task<TimeSpan> RunUntilAsync(Func<bool> condition, TimeSpan limit, TimeSpan? step = null)
    {
        var start = LoopClock.GetUtcNow();
        while (true)
        {
            await SettleAsync();
            if (condition())
            {
                return LoopClock.GetUtcNow() - start;
            }

            if (LoopClock.GetUtcNow() - start > limit)
            {
                throw new TimeoutException($"condition not met within {limit} of simulated time");
            }

            Time.Advance(step ?? TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Steps time by <paramref name="step"/> for <paramref name="span"/>, letting the loops settle after each step.</summary>
    public async Task RunForAsync(TimeSpan span, TimeSpan step)
    {
        var end = LoopClock.GetUtcNow() + span;
        while (LoopClock.GetUtcNow() < end)
        {
            await SettleAsync();
            Time.Advance(step);
        }

        await SettleAsync();
    }

    /// <summary>Waits until every running loop waits for a future time with no input pending.</summary>
    public async Task SettleAsync()
    {
        while (true)
        {
            var running = _nodes.Where(n => !n.Stopped).ToList();
            var idle = running.Select(n => n.Source.NextIdle).ToList();
            var now = LoopClock.GetUtcNow();
            if (running.All(n => n.Source.WaitingUntil is { } until && until > now && n.Source.Pending == 0))
            {
                return;
            }

            await Task.WhenAny(idle).WaitAsync(Timeout.Token);
        }
    }

    public async Task StopAsync(Node node)
    {
        node.Stopped = true;
        Network.Leave(Address(node.Index));
        await node.Source.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => !n.Stopped))
        {
            await node.Source.StopAsync(CancellationToken.None);
        }

        foreach (var node in _nodes)
        {
            node.Source.Dispose();
        }

        Meters.Dispose();
        Timeout.Dispose();
    }

    internal sealed class Node(int index, NodeIdentity identity, IClusterTransport transport, GossipPeerSource source, SnapshotPublisher<PeerSet> peers)
    {
        public int Index { get; } = index;

        public NodeIdentity Identity { get; } = identity;

        public IClusterTransport Transport { get; } = transport;

        public GossipPeerSource Source { get; } = source;

        public SnapshotPublisher<PeerSet> Peers { get; } = peers;

        public bool Stopped { get; set; }

        public PeerSet View => Peers.Current!.Value;

        public MemberState? StateOf(Node other) => View.Members.FirstOrDefault(m => m.Id == other.Identity.Id)?.State;
    }
}
