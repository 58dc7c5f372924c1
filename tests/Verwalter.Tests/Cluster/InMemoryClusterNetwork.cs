using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Verwalter.Cluster;

namespace Verwalter.Tests.Cluster;

/// <summary>
/// Datagrams between in-process nodes: immediate delivery, with a drop rule for loss and
/// partitions. Times come from the given <see cref="TimeProvider"/> (a manual one in tests).
/// </summary>
public sealed class InMemoryClusterNetwork(TimeProvider time)
{
    private readonly ConcurrentDictionary<IPEndPoint, Node> _nodes = new();

    /// <summary>Returns true to drop a datagram (from, to, channel). Default: deliver everything.</summary>
    public Func<IPEndPoint, IPEndPoint, ClusterChannel, bool> Drop { get; set; } = (_, _, _) => false;

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Dropped => Interlocked.Read(ref _dropped);

    private long _delivered;
    private long _dropped;

    public IClusterTransport Join(IPEndPoint address)
    {
        var node = new Node(this, address);
        if (!_nodes.TryAdd(address, node))
        {
            throw new InvalidOperationException($"{address} is already on the network");
        }

        return node;
    }

    /// <summary>Takes a node off the network (as if its process died): datagrams to it are lost.</summary>
    public void Leave(IPEndPoint address) => _nodes.TryRemove(address, out _);

    /// <summary>Cuts every link between the two groups (both directions).</summary>
    public void Partition(IReadOnlyCollection<IPEndPoint> side, IReadOnlyCollection<IPEndPoint> other) =>
        Drop = (from, to, _) => (side.Contains(from) && other.Contains(to)) || (other.Contains(from) && side.Contains(to));

    public void Heal() => Drop = (_, _, _) => false;

    private void Deliver(IPEndPoint from, IPEndPoint to, ClusterChannel channel, ReadOnlyMemory<byte> payload)
    {
        if (Drop(from, to, channel) || !_nodes.TryGetValue(to, out var target))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        Interlocked.Increment(ref _delivered);
        target.Channel(channel).Writer.TryWrite(new ClusterPacket(from, payload.ToArray(), time.GetUtcNow()));
    }

    private sealed class Node(InMemoryClusterNetwork network, IPEndPoint address) : IClusterTransport
    {
        private readonly ConcurrentDictionary<ClusterChannel, Channel<ClusterPacket>> _channels = new();

        public IPEndPoint LocalEndPoint { get; } = address;

        public ValueTask SendAsync(ClusterChannel channel, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            network.Deliver(LocalEndPoint, to, channel, payload);
            return ValueTask.CompletedTask;
        }

        public ChannelReader<ClusterPacket> Incoming(ClusterChannel channel) => Channel(channel).Reader;

        public Channel<ClusterPacket> Channel(ClusterChannel channel) =>
            _channels.GetOrAdd(channel, _ => System.Threading.Channels.Channel.CreateBounded<ClusterPacket>(
                new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }));
    }
}
