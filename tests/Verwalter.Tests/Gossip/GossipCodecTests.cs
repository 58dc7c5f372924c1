using Verwalter.Peers;

namespace Verwalter.Tests.Gossip;

public sealed class GossipCodecTests
{
    private static readonly MemberUpdate Alice = new("0123456789abcdef0123456789abcdef", "10.0.0.1:8379", "alice", "alice.example", 7, MemberState.Alive);
    private static readonly MemberUpdate Bob = new("fedcba9876543210fedcba9876543210", "10.0.0.2:8379", "bob", "bøb", 3, MemberState.Suspect);

    private static readonly GossipMessage[] Samples =
    [
        new GossipMessage(MessageKind.Ping, 1, Alice, null, []),
        new GossipMessage(MessageKind.Ack, uint.MaxValue, Alice, null, [Bob, Bob with { State = MemberState.Dead }]),
        new GossipMessage(MessageKind.PingReq, 42, Alice, Bob, [Bob]),
        new GossipMessage(MessageKind.SyncRequest, 0, Bob, null, [Alice]),
        new GossipMessage(MessageKind.SyncReply, 2, Bob, null, []),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decode_EncodedMessage_RoundTrips(int sample)
    {
        var message = Samples[sample];
        var decoded = GossipCodec.Decode(GossipCodec.Encode(message));

        Assert.Equal(message.Kind, decoded.Kind);
        Assert.Equal(message.Sequence, decoded.Sequence);
        Assert.Equal(message.Sender, decoded.Sender);
        Assert.Equal(message.Target, decoded.Target);
        Assert.Equal(message.Updates.ToArray(), decoded.Updates.ToArray());
    }

    [Fact]
    public void Decode_EveryTruncation_Rejected()
    {
        var bytes = GossipCodec.Encode(new GossipMessage(MessageKind.PingReq, 9, Alice, Bob, [Bob, Alice]));

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<GossipDecodeException>(() => GossipCodec.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Decode_TrailingBytes_Rejected()
    {
        var bytes = GossipCodec.Encode(new GossipMessage(MessageKind.Ping, 1, Alice, null, []));

        var ex = Assert.Throws<GossipDecodeException>(() => GossipCodec.Decode([.. bytes, 0]));
        Assert.Contains("trailing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Oversized_Rejected()
    {
        var ex = Assert.Throws<GossipDecodeException>(() => GossipCodec.Decode(new byte[GossipCodec.MaxPacketSize + 1]));
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, (byte)'X', "magic")]
    [InlineData(2, (byte)9, "version")]
    [InlineData(3, (byte)77, "kind")]
    [InlineData(24, (byte)5, "state")]
    public void Decode_CorruptField_RejectedWithReason(int offset, byte value, string reason)
    {
        var bytes = GossipCodec.Encode(new GossipMessage(MessageKind.Ping, 1, Alice, null, []));
        bytes[offset] = value;

        var ex = Assert.Throws<GossipDecodeException>(() => GossipCodec.Decode(bytes));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BadAddressOrUtf8_Rejected()
    {
        var badAddress = GossipCodec.Encode(new GossipMessage(MessageKind.Ping, 1, Alice with { Address = "10.0.0.1:xyzw" }, null, []));
        var badUtf8 = GossipCodec.Encode(new GossipMessage(MessageKind.Ping, 1, Alice with { Hostname = "ab" }, null, []));
        badUtf8[Array.IndexOf(badUtf8, (byte)'a', 30)] = 0xC3;

        Assert.Contains("address", Assert.Throws<GossipDecodeException>(() => GossipCodec.Decode(badAddress)).Message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", Assert.Throws<GossipDecodeException>(() => GossipCodec.Decode(badUtf8)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_OverTheLimit_Throws()
    {
        var many = Enumerable.Repeat(Alice, 200).ToArray();

        Assert.Throws<ArgumentException>(() => GossipCodec.Encode(new GossipMessage(MessageKind.SyncReply, 0, Alice, null, [.. many])));
    }

    [Fact]
    public void Decode_RandomBytes_NeverCrashes()
    {
        var random = new SeededRandom(7);
        var valid = GossipCodec.Encode(new GossipMessage(MessageKind.PingReq, 5, Alice, Bob, [Bob, Alice]));
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(200)];
                random.NextBytes(bytes);
                if (bytes.Length > 3 && i % 4 == 0)
                {
                    (bytes[0], bytes[1], bytes[2]) = ((byte)'V', (byte)'G', GossipCodec.Version);
                }
            }
            else
            {
                bytes = (byte[])valid.Clone();
                for (var flips = random.Next(4) + 1; flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.NextUInt64();
                }
            }

            try
            {
                var message = GossipCodec.Decode(bytes);
                decoded++;
                Assert.Equal(bytes, GossipCodec.Encode(message));
            }
            catch (GossipDecodeException)
            {
            }
        }

        Assert.True(decoded > 0, "no mutated packet ever decoded; the fuzz is too coarse");
    }
}
