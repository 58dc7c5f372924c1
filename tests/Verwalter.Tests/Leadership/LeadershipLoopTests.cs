using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Cluster;
using Verwalter.Leadership;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;
using Verwalter.Tests.Cluster;
using Verwalter.Tests.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Leadership;

/// <summary>The leadership loop as the host runs it (<c>ExecuteAsync</c>), on a manual clock.</summary>
public sealed class LeadershipLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Run_AloneWithoutPeers_LeadsAClusterOfOneAfterTheStartTimeout()
    {
        var time = new NotifyingTimeProvider(new ManualTimeProvider());
        var options = new LeadershipOptions();
        var published = new SnapshotPublisher<LeadershipState>();
        var transport = new InMemoryClusterNetwork(time).Join(new IPEndPoint(IPAddress.Loopback, 8379));
        using var loop = new LeadershipController(
            Options.Create(options),
            new NodeIdentity(ClusterHarness.IdOf(0), "alpha", "alpha"),
            transport,
            new SnapshotPublisher<PeerSet>(),
            new SnapshotPublisher<ScheduleState>(),
            published,
            new LeadershipMetrics(TestSources.MeterFactory()),
            new ConstantRandomSource(0.5),
            time,
            NullLogger<LeadershipController>.Instance);
        using var cts = new CancellationTokenSource(Wait);
        await loop.StartAsync(cts.Token);

        await time.WaitForTimersAsync(1, cts.Token);
        var starting = published.Current!.Value;
        Assert.Equal(ElectionPhase.Starting, starting.Phase);
        var expected = options.StartTimeout + ((options.ElectionTimeoutMin + options.ElectionTimeoutMax) / 2);
        Assert.Equal(time.GetUtcNow() + expected, starting.Deadline);

        time.Inner.Advance(expected);
        var leader = await published.WaitForNewerAsync(1, cts.Token);
        Assert.True(leader.Value.IsLeader);
        Assert.Equal(1, leader.Value.Epoch);
        Assert.Equal(ClusterHarness.IdOf(0), leader.Value.LeaderId);
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_MalformedDatagram_IsDroppedAndCounted_LoopKeepsGoing()
    {
        var time = new NotifyingTimeProvider(new ManualTimeProvider());
        var network = new InMemoryClusterNetwork(time);
        var self = new IPEndPoint(IPAddress.Loopback, 8379);
        var other = network.Join(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 8379));
        var metrics = new LeadershipMetrics(TestSources.MeterFactory());
        var published = new SnapshotPublisher<LeadershipState>();
        using var loop = Alpha(network.Join(self), published, metrics, time);
        using var cts = new CancellationTokenSource(Wait);
        await loop.StartAsync(cts.Token);
        await time.WaitForTimersAsync(1, cts.Token);

        await other.SendAsync(ClusterChannel.Election, self, new byte[] { 1, 2, 3 }, cts.Token);
        await other.SendAsync(ClusterChannel.Election, self, ElectionCodec.Encode(ClusterHarness.IdOf(1), 4, new PingMessage()), cts.Token);
        var follower = await published.WaitForNewerAsync(1, cts.Token);

        Assert.Equal(1, metrics.DroppedPackets);
        Assert.Equal(ElectionPhase.Follower, follower.Value.Phase);
        Assert.Equal(4, follower.Value.Epoch);
        Assert.Equal("127.0.0.2:8379", follower.Value.LeaderAddress);
        var pong = await other.Incoming(ClusterChannel.Election).ReadAsync(cts.Token);
        Assert.IsType<PongMessage>(ElectionCodec.Decode(pong.Payload.Span).Message);
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_SendFails_RecordsTheFailureBacksOffAndRecovers()
    {
        var time = new NotifyingTimeProvider(new ManualTimeProvider());
        var network = new InMemoryClusterNetwork(time);
        var self = new IPEndPoint(IPAddress.Loopback, 8379);
        var other = network.Join(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 8379));
        var transport = new FailingTransport(network.Join(self));
        using var loop = Alpha(transport, new SnapshotPublisher<LeadershipState>(), new LeadershipMetrics(TestSources.MeterFactory()), time);
        using var cts = new CancellationTokenSource(Wait);
        await loop.StartAsync(cts.Token);
        await time.WaitForTimersAsync(1, cts.Token);
        var started = loop.Status.Current;
        Assert.Equal(LeadershipController.LoopName, started.Name);
        Assert.Equal(time.GetUtcNow(), started.LastSuccess);

        transport.Failure = new IOException("network is down");
        await other.SendAsync(ClusterChannel.Election, self, ElectionCodec.Encode(ClusterHarness.IdOf(1), 4, new PingMessage()), cts.Token);
        await time.WaitForTimersAsync(2, cts.Token);
        var failed = loop.Status.Current;
        Assert.Equal("network is down", failed.LastError);
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.Equal(time.GetUtcNow() + LeadershipController.BackoffBase, failed.NextRetry);

        transport.Failure = null;
        time.Inner.Advance(LeadershipController.BackoffBase);
        await time.WaitForTimersAsync(3, cts.Token);
        var recovered = loop.Status.Current;
        Assert.Null(recovered.LastError);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Equal(time.GetUtcNow(), recovered.LastSuccess);
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_PingsFromANonMember_AreDroppedAndCounted_EpochNeverMoves()
    {
        var time = new NotifyingTimeProvider(new ManualTimeProvider());
        var network = new InMemoryClusterNetwork(time);
        var self = new IPEndPoint(IPAddress.Loopback, 8379);
        var forger = network.Join(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 8379));
        var metrics = new LeadershipMetrics(TestSources.MeterFactory());
        var published = new SnapshotPublisher<LeadershipState>();
        using var loop = Alpha(network.Join(self), published, metrics, time);
        using var cts = new CancellationTokenSource(Wait);
        await loop.StartAsync(cts.Token);
        await time.WaitForTimersAsync(1, cts.Token);
        var before = published.Current!.Version;

        const string Outsider = "ffffffffffffffffffffffffffffffff";
        for (var i = 0; i < 40; i++)
        {
            await forger.SendAsync(ClusterChannel.Election, self, ElectionCodec.Encode(Outsider, 1000 + i, new PingMessage()), cts.Token);
        }

        await Eventually.WaitAsync(() => Task.FromResult(metrics.DroppedFor(ElectionGate.NonMember) == 40), Wait, "40 non-member drops");
        var state = published.Current!;
        Assert.Equal(before, state.Version);
        Assert.Equal(ElectionPhase.Starting, state.Value.Phase);
        Assert.Equal(0, state.Value.Epoch);
        Assert.Null(state.Value.LeaderId);
        Assert.False(state.Value.PeerAddresses.ContainsKey(Outsider));
        Assert.False(forger.Incoming(ClusterChannel.Election).TryRead(out _));
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_PingFromASeedAddress_IsFollowedBeforeTheMembershipListsTheSender()
    {
        var time = new NotifyingTimeProvider(new ManualTimeProvider());
        var network = new InMemoryClusterNetwork(time);
        var self = new IPEndPoint(IPAddress.Loopback, 8379);
        var seed = network.Join(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 8379));
        var metrics = new LeadershipMetrics(TestSources.MeterFactory());
        var published = new SnapshotPublisher<LeadershipState>();
        using var loop = Alpha(network.Join(self), published, metrics, time, new SnapshotPublisher<PeerSet>(), PeerSourceSettings.Gossip(8379, "127.0.0.2:8379"));
        using var cts = new CancellationTokenSource(Wait);
        await loop.StartAsync(cts.Token);
        await time.WaitForTimersAsync(1, cts.Token);

        await seed.SendAsync(ClusterChannel.Election, self, ElectionCodec.Encode(ClusterHarness.IdOf(1), 3, new PingMessage()), cts.Token);
        var follower = await published.WaitForNewerAsync(1, cts.Token);

        Assert.Equal(ElectionPhase.Follower, follower.Value.Phase);
        Assert.Equal(3, follower.Value.Epoch);
        Assert.Equal(0, metrics.DroppedPackets);
        await loop.StopAsync(CancellationToken.None);
    }

    /// <summary>A membership holding node 1 (127.0.0.2:8379), as the peers loop would publish it.</summary>
    internal static SnapshotPublisher<PeerSet> MemberOne()
    {
        var peers = new SnapshotPublisher<PeerSet>();
        var member = new PeerMember(ClusterHarness.IdOf(1), "127.0.0.2:8379", "beta", "beta", MemberState.Alive, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null, null, 0, 0, 0);
        peers.Publish(new PeerSet(1, ClusterHarness.IdOf(0), [member]));
        return peers;
    }

    private static LeadershipController Alpha(
        IClusterTransport transport,
        SnapshotPublisher<LeadershipState> published,
        LeadershipMetrics metrics,
        TimeProvider time,
        SnapshotPublisher<PeerSet>? peers = null,
        PeerSourceSettings? seeds = null) =>
        new(
            Options.Create(new LeadershipOptions()),
            new NodeIdentity(ClusterHarness.IdOf(0), "alpha", "alpha"),
            transport,
            peers ?? MemberOne(),
            new SnapshotPublisher<ScheduleState>(),
            published,
            metrics,
            new ConstantRandomSource(0.5),
            time,
            NullLogger<LeadershipController>.Instance,
            peerSource: seeds);

    /// <summary>A transport whose sends throw while <see cref="Failure"/> is set.</summary>
    private sealed class FailingTransport(IClusterTransport inner) : IClusterTransport
    {
        public Exception? Failure { get; set; }

        public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

        public ValueTask SendAsync(ClusterChannel channel, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
            Failure is { } failure ? ValueTask.FromException(failure) : inner.SendAsync(channel, to, payload, cancellationToken);

        public System.Threading.Channels.ChannelReader<ClusterPacket> Incoming(ClusterChannel channel) => inner.Incoming(channel);
    }
}
