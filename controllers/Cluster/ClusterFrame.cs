using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Verwalter.Cluster;

/// <summary>
/// The datagram framing of the cluster transport (pure; see docs/controllers/peers.md):
/// without a key <c>channel:u8 payload</c>; with a key
/// <c>channel:u8 sender:u64 sequence:u64 timestamp_ms:i64 payload tag:16</c>, where the tag is
/// HMAC-SHA256 over everything before it, truncated to 16 bytes. <c>sender</c> is a random number
/// drawn at process start and <c>sequence</c> counts that process's datagrams, so the receiver
/// can reject replays (<see cref="ReplayGuard"/>); the timestamp bounds how old a replay can be.
/// </summary>
internal static class ClusterFrame
{
    public const int TagSize = 16;
    public const int KeyedHeaderSize = 1 + 8 + 8 + 8;
    public const int KeyedOverhead = KeyedHeaderSize + TagSize;

    public static int Overhead(bool keyed) => keyed ? KeyedOverhead : 1;

    /// <summary>Writes one frame into <paramref name="destination"/> and returns its length.</summary>
    public static int Write(Span<byte> destination, ClusterChannel channel, ReadOnlySpan<byte> payload, byte[]? key, in FrameHeader header)
    {
        destination[0] = (byte)channel;
        if (key is null)
        {
            payload.CopyTo(destination[1..]);
            return 1 + payload.Length;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], header.Sender);
        BinaryPrimitives.WriteUInt64BigEndian(destination[9..], header.Sequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[17..], header.TimestampMs);
        payload.CopyTo(destination[KeyedHeaderSize..]);
        var signed = KeyedHeaderSize + payload.Length;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, destination[..signed], mac);
        mac[..TagSize].CopyTo(destination[signed..]);
        return signed + TagSize;
    }

    /// <summary>
    /// Checks the framing and the tag. Returns null and sets <paramref name="channel"/>,
    /// <paramref name="header"/> and <paramref name="payload"/> (a range of <paramref name="datagram"/>)
    /// when the frame is well-formed and authentic; otherwise the reason to drop it.
    /// </summary>
    public static DropReason? Read(ReadOnlySpan<byte> datagram, byte[]? key, int maxPayloadBytes, out ClusterChannel channel, out FrameHeader header, out Range payload)
    {
        channel = default;
        header = default;
        payload = default;
        var overhead = Overhead(key is not null);
        if (datagram.Length > maxPayloadBytes + overhead)
        {
            return DropReason.Oversized;
        }

        if (datagram.Length <= overhead)
        {
            return DropReason.Truncated;
        }

        channel = (ClusterChannel)datagram[0];
        if (!Enum.IsDefined(channel))
        {
            return DropReason.UnknownChannel;
        }

        if (key is null)
        {
            payload = 1..datagram.Length;
            return null;
        }

        var signed = datagram.Length - TagSize;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, datagram[..signed], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagSize], datagram[signed..]))
        {
            return DropReason.BadTag;
        }

        header = new FrameHeader(
            BinaryPrimitives.ReadUInt64BigEndian(datagram[1..]),
            BinaryPrimitives.ReadUInt64BigEndian(datagram[9..]),
            BinaryPrimitives.ReadInt64BigEndian(datagram[17..]));
        payload = KeyedHeaderSize..signed;
        return null;
    }
}

/// <summary>The authenticated header of a keyed frame: sender instance, its datagram counter, its clock in Unix ms.</summary>
internal readonly record struct FrameHeader(ulong Sender, ulong Sequence, long TimestampMs);
