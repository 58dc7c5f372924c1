using System.Net;
using System.Threading.Channels;
using Verwalter.Cluster;

namespace Verwalter.Leadership;

/// <summary>
/// The transport used when the daemon has no cluster transport registered: nothing is sent and
/// nothing arrives, so the node forms a cluster of one. Replaced by the UDP transport when it is wired.
/// </summary>
internal sealed class DetachedClusterTransport(IPEndPoint local) : IClusterTransport
{
    private readonly Channel<ClusterPacket> _gossip = Channel.CreateBounded<ClusterPacket>(1);
    private readonly Channel<ClusterPacket> _election = Channel.CreateBounded<ClusterPacket>(1);

    public IPEndPoint LocalEndPoint { get; } = local;

    public ValueTask SendAsync(ClusterChannel channel, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public ChannelReader<ClusterPacket> Incoming(ClusterChannel channel) =>
        channel == ClusterChannel.Gossip ? _gossip.Reader : _election.Reader;
}
