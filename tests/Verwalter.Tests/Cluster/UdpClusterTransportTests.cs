using System.Net;
using System.Net.Sockets;
using Verwalter.Cluster;

namespace Verwalter.Tests.Cluster;

public sealed class UdpClusterTransportTests
{
    [Fact]
    public async Task Send_WithSharedKey_ArrivesOnItsChannelFromTheSender()
    {
        await using var bed = new UdpTestBed();
        var a = await bed.StartAsync("127.0.0.2", UdpTestBed.Key);
        var b = await bed.StartAsync("127.0.0.3", UdpTestBed.Key);

        await a.SendAsync(ClusterChannel.Gossip, b.LocalEndPoint, "hello"u8.ToArray(), bed.Timeout.Token);
        await a.SendAsync(ClusterChannel.Election, b.LocalEndPoint, "vote"u8.ToArray(), bed.Timeout.Token);

        var gossip = await bed.ReadAsync(b, ClusterChannel.Gossip);
        var election = await bed.ReadAsync(b, ClusterChannel.Election);
        Assert.Equal("hello"u8.ToArray(), gossip.Payload.ToArray());
        Assert.Equal("vote"u8.ToArray(), election.Payload.ToArray());
        Assert.Equal(a.LocalEndPoint, gossip.From);
        Assert.Equal(bed.Time.GetUtcNow(), gossip.ReceivedAt);
        Assert.Equal(IPAddress.Parse("127.0.0.3"), b.LocalEndPoint.Address);
    }

    [Fact]
    public async Task Send_WithoutKey_FramesChannelByteOnly()
    {
        await using var bed = new UdpTestBed();
        var b = await bed.StartAsync("127.0.0.3", key: null);
        using var raw = bed.Raw("127.0.0.4");

        await raw.SendToAsync(new byte[] { 1, 7, 8 }, b.LocalEndPoint);

        var packet = await bed.ReadAsync(b, ClusterChannel.Gossip);
        Assert.Equal(new byte[] { 7, 8 }, packet.Payload.ToArray());
    }

    [Fact]
    public async Task Receive_OtherKeyOrNoKey_DroppedAsBadTag()
    {
        await using var bed = new UdpTestBed();
        var b = await bed.StartAsync("127.0.0.3", UdpTestBed.Key);
        var stranger = await bed.StartAsync("127.0.0.4", "another-key-of-sixteen-bytes"u8.ToArray());
        var keyless = await bed.StartAsync("127.0.0.5", key: null);

        await stranger.SendAsync(ClusterChannel.Gossip, b.LocalEndPoint, new byte[64], bed.Timeout.Token);
        await keyless.SendAsync(ClusterChannel.Gossip, b.LocalEndPoint, new byte[64], bed.Timeout.Token);

        await UdpTestBed.WaitAsync(() => bed.Dropped(DropReason.BadTag) == 2, "two bad tags");
        Assert.Equal(0, bed.Received(ClusterChannel.Gossip));
        Assert.False(b.Incoming(ClusterChannel.Gossip).TryRead(out _));
    }

    [Fact]
    public async Task Receive_MalformedFrames_DroppedAndCountedByReason()
    {
        await using var bed = new UdpTestBed();
        var keyed = await bed.StartAsync("127.0.0.3", UdpTestBed.Key, new ClusterTransportOptions { MaxPayloadBytes = 1024 });
        var plain = await bed.StartAsync("127.0.0.4", key: null, new ClusterTransportOptions { MaxPayloadBytes = 1024 });
        using var raw = bed.Raw("127.0.0.5");

        await raw.SendToAsync(new byte[1 + 1024 + 1], plain.LocalEndPoint);
        await raw.SendToAsync(new byte[] { 1 }, plain.LocalEndPoint);
        await raw.SendToAsync(new byte[ClusterFrame.KeyedOverhead], keyed.LocalEndPoint);
        await raw.SendToAsync(new byte[] { 9, 1, 2, 3 }, plain.LocalEndPoint);
        await raw.SendToAsync(Frame(ClusterChannel.Gossip, new byte[10], UdpTestBed.Key, 1, bed.Time.GetUtcNow())[..^1], keyed.LocalEndPoint);

        await UdpTestBed.WaitAsync(
            () => bed.Dropped(DropReason.Oversized) == 1 && bed.Dropped(DropReason.Truncated) == 2
                && bed.Dropped(DropReason.UnknownChannel) == 1 && bed.Dropped(DropReason.BadTag) == 1,
            "one drop per malformed frame");
        Assert.Equal(0, bed.Received(ClusterChannel.Gossip));
    }

    [Fact]
    public async Task Receive_ReplayedOrStaleFrame_Dropped()
    {
        await using var bed = new UdpTestBed();
        var b = await bed.StartAsync("127.0.0.3", UdpTestBed.Key);
        using var raw = bed.Raw("127.0.0.6");
        var frame = Frame(ClusterChannel.Gossip, "once"u8.ToArray(), UdpTestBed.Key, 41, bed.Time.GetUtcNow());

        await raw.SendToAsync(frame, b.LocalEndPoint);
        var first = await bed.ReadAsync(b, ClusterChannel.Gossip);
        await raw.SendToAsync(frame, b.LocalEndPoint);
        await UdpTestBed.WaitAsync(() => bed.Dropped(DropReason.Replay) == 1, "the replay dropped");
        await raw.SendToAsync(Frame(ClusterChannel.Gossip, "old"u8.ToArray(), UdpTestBed.Key, 42, bed.Time.GetUtcNow().AddMinutes(-5)), b.LocalEndPoint);
        await UdpTestBed.WaitAsync(() => bed.Dropped(DropReason.Stale) == 1, "the stale frame dropped");

        Assert.Equal("once"u8.ToArray(), first.Payload.ToArray());
        Assert.Equal(1, bed.Received(ClusterChannel.Gossip));
    }

    [Fact]
    public async Task Receive_FloodFromOneAddress_RateLimitedWhileOthersGetThrough()
    {
        await using var bed = new UdpTestBed();
        var options = new ClusterTransportOptions { PacketsPerSecond = 200, Burst = 400, QueueCapacity = 100 };
        var b = await bed.StartAsync("127.0.0.3", key: null, options);
        var a = await bed.StartAsync("127.0.0.2", key: null);
        using var flooder = bed.Raw("127.0.0.7");
        var sent = 0;
        for (var batch = 0; batch < 20; batch++)
        {
            for (var i = 0; i < 100; i++, sent++)
            {
                await flooder.SendToAsync(new byte[] { 2, 0 }, b.LocalEndPoint);
            }

            var expected = sent;
            await UdpTestBed.WaitAsync(() => bed.Received(ClusterChannel.Election) + bed.Dropped(DropReason.RateLimited) >= expected - 100, "the receiver to keep up");
        }

        await UdpTestBed.WaitAsync(() => bed.Dropped(DropReason.RateLimited) >= 1500, "the flood to be rate limited");
        Assert.Equal(400, bed.Received(ClusterChannel.Election));
        Assert.Equal(300, bed.Dropped(DropReason.QueueFull));

        await a.SendAsync(ClusterChannel.Gossip, b.LocalEndPoint, "still here"u8.ToArray(), bed.Timeout.Token);
        var packet = await bed.ReadAsync(b, ClusterChannel.Gossip);
        Assert.Equal("still here"u8.ToArray(), packet.Payload.ToArray());

        bed.Time.Advance(TimeSpan.FromSeconds(1));
        await flooder.SendToAsync(new byte[] { 1, 0 }, b.LocalEndPoint);
        await UdpTestBed.WaitAsync(() => bed.Received(ClusterChannel.Gossip) == 2, "the flooder served again after its bucket refilled");
    }

    [Fact]
    public async Task Send_ToUnreachablePort_CountsNoThrow()
    {
        await using var bed = new UdpTestBed();
        var a = await bed.StartAsync("127.0.0.2", UdpTestBed.Key);

        for (var i = 0; i < 5; i++)
        {
            await a.SendAsync(ClusterChannel.Gossip, new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9), new byte[8], bed.Timeout.Token);
        }

        await a.SendAsync(ClusterChannel.Gossip, a.LocalEndPoint, new byte[70000], bed.Timeout.Token);
        await a.SendAsync(ClusterChannel.Gossip, a.LocalEndPoint, "self"u8.ToArray(), bed.Timeout.Token);
        var packet = await bed.ReadAsync(a, ClusterChannel.Gossip);
        Assert.Equal("self"u8.ToArray(), packet.Payload.ToArray());
        Assert.Equal(1, bed.Metrics.Sum(ClusterMetrics.SocketErrorsName, ("operation", "send")));
    }

    [Fact]
    public async Task Construct_PortTaken_ThrowsIOExceptionNamingTheAddress()
    {
        await using var bed = new UdpTestBed();
        var a = await bed.StartAsync("127.0.0.2", key: null);

        var ex = await Assert.ThrowsAsync<IOException>(() => bed.StartAsync("127.0.0.2:" + a.LocalEndPoint.Port, key: null));

        Assert.Contains($"127.0.0.2:{a.LocalEndPoint.Port}", ex.Message, StringComparison.Ordinal);
    }

    internal static byte[] Frame(ClusterChannel channel, byte[] payload, byte[] key, ulong sequence, DateTimeOffset at)
    {
        var buffer = new byte[payload.Length + ClusterFrame.KeyedOverhead];
        var length = ClusterFrame.Write(buffer, channel, payload, key, new FrameHeader(0xfeed, sequence, at.ToUnixTimeMilliseconds()));
        return buffer[..length];
    }
}
