using System.Buffers.Binary;
using System.Text;
using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>
/// The binary wire format of election datagrams (docs/controllers/leadership.md), big-endian, no
/// trailing bytes: <c>"VE" version type sender:16 epoch:u64 flags:u8 [stamp] [body]</c>.
/// A stamp is <c>timestamp:u64 epoch:u64 hash:20 origin:str8</c> (origin as hex text, at most 64
/// characters); the body is <c>errors:u32</c> for Pong and <c>target:16</c> for Vote.
/// </summary>
internal static class ElectionCodec
{
    public const int MaxPacketSize = 256;
    public const byte Version = 1;
    private const byte Magic0 = (byte)'V';
    private const byte Magic1 = (byte)'E';
    private const int HeaderSize = 4 + 16 + 8 + 1;
    private const byte HasStamp = 1;
    private const int MaxOriginChars = 64;

    private enum MessageType : byte
    {
        Ping = 1,
        Pong = 2,
        Vote = 3,
        PreVote = 4,
        PreVoteGrant = 5,
    }

    /// <summary>Whether a stamp fits the wire (40-hex-digit hash, short hex origin, non-negative numbers).</summary>
    public static bool CanEncode(ScheduleStamp stamp) =>
        stamp.Hash.Length == 40 && stamp.Hash.All(char.IsAsciiHexDigit)
        && stamp.Origin.Length is > 0 and <= MaxOriginChars && stamp.Origin.All(char.IsAsciiHexDigit)
        && stamp.Timestamp >= 0 && stamp.Epoch >= 0;

    /// <summary>Encodes a message; a stamp that cannot travel (see <see cref="CanEncode"/>) is left out.</summary>
    /// <exception cref="ArgumentException">The sender or a vote target is not a 32-hex-digit id, or the epoch is negative.</exception>
    public static byte[] Encode(string sender, long epoch, ElectionMessage message)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var stamp = message.Schedule is { } s && CanEncode(s) ? s : null;
        var size = HeaderSize + (stamp is null ? 0 : 8 + 8 + 20 + 1 + stamp.Origin.Length) + message switch
        {
            PongMessage => 4,
            VoteMessage => 16,
            _ => 0,
        };
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Magic0;
        span[1] = Magic1;
        span[2] = Version;
        span[3] = (byte)TypeOf(message);
        WriteId(span.Slice(4, 16), sender, nameof(sender));
        BinaryPrimitives.WriteInt64BigEndian(span[20..], epoch);
        span[28] = stamp is null ? (byte)0 : HasStamp;
        var pos = HeaderSize;
        if (stamp is not null)
        {
            BinaryPrimitives.WriteInt64BigEndian(span[pos..], stamp.Timestamp);
            BinaryPrimitives.WriteInt64BigEndian(span[(pos + 8)..], stamp.Epoch);
            Convert.FromHexString(stamp.Hash, span.Slice(pos + 16, 20), out _, out _);
            pos += 36;
            span[pos++] = (byte)stamp.Origin.Length;
            pos += Encoding.ASCII.GetBytes(stamp.Origin.ToLowerInvariant(), span[pos..]);
        }

        switch (message)
        {
            case PongMessage pong:
                BinaryPrimitives.WriteUInt32BigEndian(span[pos..], (uint)Math.Max(0, pong.Errors));
                break;
            case VoteMessage vote:
                WriteId(span.Slice(pos, 16), vote.Target, nameof(message));
                break;
        }

        return buffer;
    }

    /// <exception cref="ElectionDecodeException">The datagram is not a valid election message.</exception>
    public static ElectionPacket Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxPacketSize)
        {
            throw new ElectionDecodeException($"datagram of {data.Length} bytes exceeds {MaxPacketSize}");
        }

        if (data.Length < HeaderSize)
        {
            throw new ElectionDecodeException($"truncated header ({data.Length} of {HeaderSize} bytes)");
        }

        if (data[0] != Magic0 || data[1] != Magic1)
        {
            throw new ElectionDecodeException("not an election datagram (bad magic)");
        }

        if (data[2] != Version)
        {
            throw new ElectionDecodeException($"unsupported election version {data[2]}");
        }

        var type = (MessageType)data[3];
        if (!Enum.IsDefined(type))
        {
            throw new ElectionDecodeException($"unknown message type {data[3]}");
        }

        var sender = Convert.ToHexStringLower(data.Slice(4, 16));
        var epoch = BinaryPrimitives.ReadInt64BigEndian(data[20..]);
        if (epoch < 0)
        {
            throw new ElectionDecodeException($"negative epoch {epoch}");
        }

        var flags = data[28];
        if ((flags & ~HasStamp) != 0)
        {
            throw new ElectionDecodeException($"unknown flags 0x{flags:x2}");
        }

        var pos = HeaderSize;
        ScheduleStamp? stamp = null;
        if ((flags & HasStamp) != 0)
        {
            Need(data, pos, 37, "stamp");
            var timestamp = BinaryPrimitives.ReadInt64BigEndian(data[pos..]);
            var stampEpoch = BinaryPrimitives.ReadInt64BigEndian(data[(pos + 8)..]);
            var hash = Convert.ToHexStringLower(data.Slice(pos + 16, 20));
            pos += 36;
            int originLength = data[pos++];
            if (originLength is 0 or > MaxOriginChars)
            {
                throw new ElectionDecodeException($"stamp origin length {originLength} out of range 1..{MaxOriginChars}");
            }

            Need(data, pos, originLength, "stamp origin");
            var origin = data.Slice(pos, originLength);
            foreach (var b in origin)
            {
                if (!char.IsAsciiHexDigit((char)b))
                {
                    throw new ElectionDecodeException("stamp origin is not hex");
                }
            }

            pos += originLength;
            if (timestamp < 0 || stampEpoch < 0)
            {
                throw new ElectionDecodeException("negative stamp timestamp or epoch");
            }

            stamp = new ScheduleStamp(timestamp, hash, Encoding.ASCII.GetString(origin).ToLowerInvariant(), stampEpoch);
        }

        ElectionMessage message;
        switch (type)
        {
            case MessageType.Pong:
                Need(data, pos, 4, "pong errors");
                var errors = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
                pos += 4;
                message = new PongMessage(stamp, (int)Math.Min(errors, int.MaxValue));
                break;
            case MessageType.Vote:
                Need(data, pos, 16, "vote target");
                message = new VoteMessage(Convert.ToHexStringLower(data.Slice(pos, 16)), stamp);
                pos += 16;
                break;
            case MessageType.Ping:
                message = new PingMessage(stamp);
                break;
            case MessageType.PreVote:
                message = new PreVoteMessage(stamp);
                break;
            default:
                message = new PreVoteGrantMessage(stamp);
                break;
        }

        if (pos != data.Length)
        {
            throw new ElectionDecodeException($"{data.Length - pos} trailing bytes");
        }

        return new ElectionPacket(sender, epoch, message);
    }

    private static MessageType TypeOf(ElectionMessage message) => message switch
    {
        PingMessage => MessageType.Ping,
        PongMessage => MessageType.Pong,
        VoteMessage => MessageType.Vote,
        PreVoteMessage => MessageType.PreVote,
        PreVoteGrantMessage => MessageType.PreVoteGrant,
        _ => throw new ArgumentException($"unknown election message {message.GetType().Name}", nameof(message)),
    };

    private static void Need(ReadOnlySpan<byte> data, int pos, int count, string what)
    {
        if (data.Length - pos < count)
        {
            throw new ElectionDecodeException($"truncated {what}");
        }
    }

    private static void WriteId(Span<byte> target, string id, string parameter)
    {
        if (id.Length != 32 || Convert.FromHexString(id, target, out _, out var written) != System.Buffers.OperationStatus.Done || written != 16)
        {
            throw new ArgumentException($"node id '{id}' is not 32 hex digits", parameter);
        }
    }
}
