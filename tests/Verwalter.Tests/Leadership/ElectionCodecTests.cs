using Verwalter.Leadership;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Leadership;

public sealed class ElectionCodecTests
{
    private const string A = "0123456789abcdef0123456789abcdef";
    private const string B = "fedcba9876543210fedcba9876543210";
    private static readonly ScheduleStamp Stamp = new(1_700_000_000_123, "da39a3ee5e6b4b0d3255bfef95601890afd80709", A, 7);

    private static readonly ElectionMessage[] All =
    [
        new PingMessage(),
        new PingMessage(Stamp),
        new PongMessage(Stamp, 3),
        new PongMessage(null, 0),
        new VoteMessage(B, Stamp),
        new VoteMessage(A),
        new PreVoteMessage(Stamp),
        new PreVoteGrantMessage(),
    ];

    public static TheoryData<int> Messages() => [.. Enumerable.Range(0, All.Length)];

    [Theory]
    [MemberData(nameof(Messages))]
    public void RoundTrip_EveryMessage_DecodesToTheSame(int index)
    {
        var message = All[index];
        var bytes = ElectionCodec.Encode(A, 42, message);
        var packet = ElectionCodec.Decode(bytes);

        Assert.Equal(A, packet.Sender);
        Assert.Equal(42, packet.Epoch);
        Assert.Equal(message, packet.Message);
        Assert.True(bytes.Length <= ElectionCodec.MaxPacketSize);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Decode_EveryTruncation_ThrowsDecodeException(int index)
    {
        var message = All[index];
        var bytes = ElectionCodec.Encode(A, 1, message);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<ElectionDecodeException>(() => ElectionCodec.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Decode_TrailingByte_Throws()
    {
        var bytes = ElectionCodec.Encode(A, 1, new PongMessage(Stamp, 1));
        var ex = Assert.Throws<ElectionDecodeException>(() => ElectionCodec.Decode([.. bytes, 0]));
        Assert.Contains("trailing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Oversized_Throws()
    {
        var ex = Assert.Throws<ElectionDecodeException>(() => ElectionCodec.Decode(new byte[ElectionCodec.MaxPacketSize + 1]));
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 'X', "magic")]
    [InlineData(2, 9, "version")]
    [InlineData(3, 0, "type")]
    [InlineData(3, 6, "type")]
    [InlineData(28, 2, "flags")]
    [InlineData(20, 0x80, "negative epoch")]
    public void Decode_CorruptHeader_ThrowsNamingTheField(int offset, int value, string expected)
    {
        var bytes = ElectionCodec.Encode(A, 1, new PingMessage(Stamp));
        bytes[offset] = (byte)value;
        var ex = Assert.Throws<ElectionDecodeException>(() => ElectionCodec.Decode(bytes));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_StampOriginNotHexOrBadLength_Throws()
    {
        var bytes = ElectionCodec.Encode(A, 1, new PingMessage(Stamp));
        var originStart = 29 + 36;
        var notHex = (byte[])bytes.Clone();
        notHex[originStart + 1] = (byte)'z';
        Assert.Throws<ElectionDecodeException>(() => ElectionCodec.Decode(notHex));
        var badLength = (byte[])bytes.Clone();
        badLength[originStart] = 0;
        Assert.Throws<ElectionDecodeException>(() => ElectionCodec.Decode(badLength));
    }

    [Fact]
    public void Decode_RandomGarbage_OnlyEverThrowsDecodeException()
    {
        var random = new SeededRandomSource(7);
        var valid = ElectionCodec.Encode(A, 5, new VoteMessage(B, Stamp));
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])valid.Clone();
            var flips = 1 + (int)(random.NextDouble() * 4);
            for (var f = 0; f < flips; f++)
            {
                bytes[(int)(random.NextDouble() * bytes.Length)] = (byte)(random.NextDouble() * 256);
            }

            try
            {
                ElectionCodec.Decode(bytes);
            }
            catch (ElectionDecodeException)
            {
            }
        }
    }

    [Fact]
    public void Encode_StampThatCannotTravel_IsLeftOut()
    {
        var odd = new ScheduleStamp(1, "not-a-sha1", A, 1);
        var packet = ElectionCodec.Decode(ElectionCodec.Encode(A, 1, new PingMessage(odd)));
        Assert.Null(packet.Message.Schedule);
    }

    [Fact]
    public void Encode_BadSenderId_Throws() =>
        Assert.Throws<ArgumentException>(() => ElectionCodec.Encode("me", 1, new PingMessage()));
}
