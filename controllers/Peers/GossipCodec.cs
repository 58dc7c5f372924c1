using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Text;

namespace Verwalter.Peers;

/// <summary>
/// The compact binary wire format of the gossip datagrams (see docs/controllers/peers.md):
/// <c>"VG" version kind seq:u32 sender [target] count:u16 update*</c>, big-endian, no trailing bytes.
/// An update is <c>id:16 state:u8 incarnation:u32 addr:str8 hostname:str8 name:str8</c>.
/// </summary>
internal static class GossipCodec
{
    public const int MaxPacketSize = 8192;
    public const int MaxStringBytes = 255;
    public const byte Version = 1;
    private const byte Magic0 = (byte)'V';
    private const byte Magic1 = (byte)'G';
    private const int HeaderSize = 8;
    private const int FixedUpdateSize = 16 + 1 + 4 + 3;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The encoded size of one update, used to fill packets without exceeding the limit.</summary>
    public static int SizeOf(MemberUpdate update) =>
        FixedUpdateSize + Encoding.UTF8.GetByteCount(update.Address)
        + Encoding.UTF8.GetByteCount(update.Hostname) + Encoding.UTF8.GetByteCount(update.Name);

    /// <summary>Bytes used by everything but the piggybacked updates.</summary>
    public static int SizeOfEnvelope(GossipMessage message) =>
        HeaderSize + 2 + SizeOf(message.Sender) + (message.Target is null ? 0 : SizeOf(message.Target));

    /// <exception cref="ArgumentException">The message breaks a wire limit (a bug in the caller).</exception>
    public static byte[] Encode(GossipMessage message)
    {
        var size = SizeOfEnvelope(message) + message.Updates.Sum(SizeOf);
        if (size > MaxPacketSize)
        {
            throw new ArgumentException($"gossip message of {size} bytes exceeds {MaxPacketSize}", nameof(message));
        }

        if ((message.Kind == MessageKind.PingReq) != (message.Target is not null))
        {
            throw new ArgumentException("a target is required for PingReq and only for it", nameof(message));
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Magic0;
        span[1] = Magic1;
        span[2] = Version;
        span[3] = (byte)message.Kind;
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], message.Sequence);
        var pos = HeaderSize;
        pos = WriteUpdate(span, pos, message.Sender);
        if (message.Target is not null)
        {
            pos = WriteUpdate(span, pos, message.Target);
        }

        BinaryPrimitives.WriteUInt16BigEndian(span[pos..], (ushort)message.Updates.Length);
        pos += 2;
        foreach (var update in message.Updates)
        {
            pos = WriteUpdate(span, pos, update);
        }

        return buffer;
    }

    /// <exception cref="GossipDecodeException">The datagram is not a valid gossip message.</exception>
    public static GossipMessage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxPacketSize)
        {
            throw new GossipDecodeException($"datagram of {data.Length} bytes exceeds {MaxPacketSize}");
        }

        if (data.Length < HeaderSize)
        {
            throw new GossipDecodeException("truncated header");
        }

        if (data[0] != Magic0 || data[1] != Magic1)
        {
            throw new GossipDecodeException("not a gossip datagram (bad magic)");
        }

        if (data[2] != Version)
        {
            throw new GossipDecodeException($"unsupported gossip version {data[2]}");
        }

        var kind = (MessageKind)data[3];
        if (!Enum.IsDefined(kind))
        {
            throw new GossipDecodeException($"unknown message kind {data[3]}");
        }

        var reader = new Reader(data, HeaderSize);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var sender = reader.ReadUpdate();
        var target = kind == MessageKind.PingReq ? reader.ReadUpdate() : null;
        var count = reader.ReadUInt16();
        if (count * FixedUpdateSize > data.Length)
        {
            throw new GossipDecodeException($"update count {count} does not fit the datagram");
        }

        var updates = ImmutableArray.CreateBuilder<MemberUpdate>(count);
        for (var i = 0; i < count; i++)
        {
            updates.Add(reader.ReadUpdate());
        }

        if (reader.Position != data.Length)
        {
            throw new GossipDecodeException($"{data.Length - reader.Position} trailing bytes");
        }

        return new GossipMessage(kind, sequence, sender, target, updates.MoveToImmutable());
    }

    private static int WriteUpdate(Span<byte> span, int pos, MemberUpdate update)
    {
        if (!Convert.FromHexString(update.Id, span.Slice(pos, 16), out _, out var written).Equals(System.Buffers.OperationStatus.Done)
            || written != 16)
        {
            throw new ArgumentException($"member id '{update.Id}' is not 32 hex digits", nameof(update));
        }

        pos += 16;
        span[pos++] = (byte)update.State;
        BinaryPrimitives.WriteUInt32BigEndian(span[pos..], update.Incarnation);
        pos += 4;
        pos = WriteString(span, pos, update.Address);
        pos = WriteString(span, pos, update.Hostname);
        return WriteString(span, pos, update.Name);
    }

    private static int WriteString(Span<byte> span, int pos, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, span[(pos + 1)..]);
        if (length > MaxStringBytes)
        {
            throw new ArgumentException($"string of {length} bytes exceeds {MaxStringBytes}", nameof(value));
        }

        span[pos] = (byte)length;
        return pos + 1 + length;
    }

    private ref struct Reader(ReadOnlySpan<byte> data, int position)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; } = position;

        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public MemberUpdate ReadUpdate()
        {
            var id = Convert.ToHexStringLower(Take(16));
            var stateByte = Take(1)[0];
            var state = (MemberState)stateByte;
            if (!Enum.IsDefined(state))
            {
                throw new GossipDecodeException($"unknown member state {stateByte}");
            }

            var incarnation = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            var address = ReadString("address");
            if (!IPEndPoint.TryParse(address, out var endpoint) || endpoint.Port == 0 || !address.Contains(':', StringComparison.Ordinal))
            {
                throw new GossipDecodeException($"member address '{address}' is not ip:port");
            }

            return new MemberUpdate(id, address, ReadString("hostname"), ReadString("name"), incarnation, state);
        }

        private string ReadString(string what)
        {
            var length = Take(1)[0];
            try
            {
                return StrictUtf8.GetString(Take(length));
            }
            catch (DecoderFallbackException ex)
            {
                throw new GossipDecodeException($"{what} is not valid UTF-8", ex);
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (Position + count > _data.Length)
            {
                throw new GossipDecodeException($"truncated at byte {Position}");
            }

            var slice = _data.Slice(Position, count);
            Position += count;
            return slice;
        }
    }
}
