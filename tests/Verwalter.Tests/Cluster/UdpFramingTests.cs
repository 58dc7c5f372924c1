using System.Net;
using Verwalter.Cluster;

namespace Verwalter.Tests.Cluster;

public sealed class UdpFramingTests
{
    private static readonly byte[] Key = "sixteen-byte-key-and-more"u8.ToArray();

    [Fact]
    public void Read_KeyedFrame_RoundTripsHeaderAndPayload()
    {
        var frame = UdpClusterTransportTests.Frame(ClusterChannel.Election, [1, 2, 3], Key, 7, DateTimeOffset.FromUnixTimeMilliseconds(1000));

        var reason = ClusterFrame.Read(frame, Key, 8192, out var channel, out var header, out var payload);

        Assert.Null(reason);
        Assert.Equal(ClusterChannel.Election, channel);
        Assert.Equal(new FrameHeader(0xfeed, 7, 1000), header);
        Assert.Equal(new byte[] { 1, 2, 3 }, frame[payload]);
        Assert.Equal(3 + ClusterFrame.KeyedOverhead, frame.Length);
    }

    [Fact]
    public void Read_AnyFlippedBit_IsBadTagOrUnknownChannel()
    {
        var frame = UdpClusterTransportTests.Frame(ClusterChannel.Gossip, new byte[20], Key, 1, DateTimeOffset.UnixEpoch);
        for (var bit = 0; bit < frame.Length * 8; bit++)
        {
            var copy = frame.ToArray();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            var reason = ClusterFrame.Read(copy, Key, 8192, out _, out _, out _);
            Assert.True(reason is DropReason.BadTag or DropReason.UnknownChannel, $"bit {bit}: {reason}");
        }
    }

    [Fact]
    public void Check_SequencesOutOfOrderWithinWindow_AcceptedOnceEach()
    {
        var guard = new ReplayGuard(TimeSpan.FromSeconds(30));
        ulong[] order = [10, 12, 11, 70, 13, 12, 6, 74];
        var results = order.Select(s => guard.Check(new FrameHeader(1, s, 0), 0)).ToList();

        Assert.Equal([null, null, null, null, null, DropReason.Replay, DropReason.Replay, null], results);
    }

    [Fact]
    public void Check_TimestampOutsideWindow_Stale()
    {
        var guard = new ReplayGuard(TimeSpan.FromSeconds(30));

        Assert.Equal(DropReason.Stale, guard.Check(new FrameHeader(1, 1, 0), 30_001));
        Assert.Equal(DropReason.Stale, guard.Check(new FrameHeader(1, 1, 60_000), 0));
        Assert.Null(guard.Check(new FrameHeader(1, 1, 0), 30_000));
    }

    [Fact]
    public void Check_TableFull_ForgetsOnlySendersOutsideTheWindow()
    {
        var guard = new ReplayGuard(TimeSpan.FromSeconds(30), maxSenders: 2);
        Assert.Null(guard.Check(new FrameHeader(1, 1, 0), 0));
        Assert.Null(guard.Check(new FrameHeader(2, 1, 20_000), 20_000));

        Assert.Equal(DropReason.Replay, guard.Check(new FrameHeader(3, 1, 20_000), 20_000));
        Assert.Null(guard.Check(new FrameHeader(3, 1, 31_000), 31_000));
        Assert.Equal(2, guard.Senders);
        Assert.Equal(DropReason.Stale, guard.Check(new FrameHeader(1, 1, 0), 31_000));
    }

    [Fact]
    public void TryAcquire_BurstThenRate_PerSource()
    {
        var limiter = new SourceRateLimiter(perSecond: 10, burst: 5, maxSources: 2, ticksPerSecond: 1000);
        var a = IPAddress.Parse("127.0.0.1");
        var b = IPAddress.Parse("127.0.0.2");

        Assert.Equal(5, Enumerable.Range(0, 8).Count(_ => limiter.TryAcquire(a, 0)));
        Assert.True(limiter.TryAcquire(b, 0));
        Assert.False(limiter.TryAcquire(IPAddress.Parse("127.0.0.3"), 0));
        Assert.True(limiter.TryAcquire(a, 100));
        Assert.False(limiter.TryAcquire(a, 100));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("127.0.0.3"), 10_000));
    }
}
