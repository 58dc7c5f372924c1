using System.Net;
using System.Threading.Channels;

namespace Verwalter.Cluster;

/// <summary>
/// The node's datagram endpoint, shared by the gossip (peers) and election loops: one UDP socket on
/// the daemon's port. Payloads are whole protocol messages; the transport adds and checks the
/// framing (channel byte, optional cluster-key tag), enforces size and rate limits, and counts
/// what it drops. Implemented over UDP in the daemon and in memory for simulations.
/// </summary>
public interface IClusterTransport
{
    /// <summary>The address other nodes send to (also what this node advertises).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram. Never throws for network errors (datagrams may be lost anyway); they are counted.</summary>
    ValueTask SendAsync(ClusterChannel channel, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>
    /// The datagrams that arrived for <paramref name="channel"/>, already authenticated and unframed.
    /// Each channel has one reader; a full channel drops the oldest datagram and counts it.
    /// </summary>
    ChannelReader<ClusterPacket> Incoming(ClusterChannel channel);
}

/// <summary>Which loop a datagram belongs to (the first byte of a frame).</summary>
public enum ClusterChannel : byte
{
    Gossip = 1,
    Election = 2,
}

/// <summary>One received datagram's payload (framing removed), its sender and when it arrived.</summary>
public readonly record struct ClusterPacket(IPEndPoint From, ReadOnlyMemory<byte> Payload, DateTimeOffset ReceivedAt);
