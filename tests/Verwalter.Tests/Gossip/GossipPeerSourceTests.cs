using Verwalter.Scheduling;
using System.Text.Json.Nodes;
using Verwalter.Cluster;
using Verwalter.Peers;
using Verwalter.Tests.Reconciliation;

namespace Verwalter.Tests.Gossip;

public sealed class GossipPeerSourceTests
{
    [Fact]
    public async Task Loop_ThreeNodesJoinThroughOneSeed_EveryNodePublishesTwoAlivePeers()
    {
        await using var cluster = new GossipLoopCluster();
        var seed = GossipLoopCluster.Address(0).ToString();
        await cluster.StartAsync();
        await cluster.StartAsync(seed);
        await cluster.StartAsync(seed);

        var took = await cluster.RunUntilAsync(() => cluster.Nodes.All(n => n.View.CountIn(MemberState.Alive) == 2), TimeSpan.FromSeconds(5));

        Assert.True(took < TimeSpan.FromSeconds(2), $"converged after {took}");
        var view = cluster.Nodes[1].View;
        Assert.Equal(["127.0.0.1:8379", "127.0.0.3:8379"], view.Members.Select(m => m.Address));
        Assert.Equal("node0", view.Members[0].Hostname);
        await cluster.RunUntilAsync(() => cluster.Nodes[1].View.Members.All(m => m.Rtt is not null && m.LastReportDirect is not null), TimeSpan.FromSeconds(5));
        var input = JsonNode.Parse(SchedulerPeersJson.ToJson(cluster.Nodes[1].View))!;
        var peer = input[cluster.Nodes[2].Identity.Id]!;
        Assert.Equal("127.0.0.3:8379", peer["addr"]!.GetValue<string>());
        Assert.Equal("node2", peer["hostname"]!.GetValue<string>());
        Assert.Null(peer["schedule"]);
        Assert.NotNull(peer["last_report_direct"]);

        var id = cluster.Nodes[2].Identity.Id;
        var reports = new PeerReports(
            new Dictionary<string, ScheduleStamp> { [id] = new(1700000000000, "abc123", id, 4) },
            new Dictionary<string, int> { [id] = 2 });
        var reported = JsonNode.Parse(SchedulerPeersJson.ToJson(view, reports))![id]!;
        Assert.Equal("abc123", reported["schedule"]!["hash"]!.GetValue<string>());
        Assert.Equal(1700000000000, reported["schedule"]!["timestamp"]!.GetValue<long>());
        Assert.Equal(id, reported["schedule"]!["origin"]!.GetValue<string>());
        Assert.Equal(2, reported["errors"]!.GetValue<int>());
    }

    [Fact]
    public async Task Loop_NodeDies_OthersMarkItDeadWithinFiveSeconds()
    {
        await using var cluster = new GossipLoopCluster();
        var seed = GossipLoopCluster.Address(0).ToString();
        await cluster.StartAsync();
        await cluster.StartAsync(seed);
        var victim = await cluster.StartAsync(seed);
        await cluster.RunUntilAsync(() => cluster.Nodes.All(n => n.View.CountIn(MemberState.Alive) == 2), TimeSpan.FromSeconds(5));

        await cluster.StopAsync(victim);
        var took = await cluster.RunUntilAsync(
            () => cluster.Nodes.Where(n => !n.Stopped).All(n => n.StateOf(victim) == MemberState.Dead), TimeSpan.FromSeconds(5));

        Assert.True(took <= TimeSpan.FromSeconds(5), $"dead everywhere after {took}");
        Assert.All(cluster.Nodes.Where(n => !n.Stopped), n => Assert.Equal(1, n.View.CountIn(MemberState.Alive)));
    }

    [Fact]
    public async Task AddHost_LateNodeWithoutSeeds_JoinsTheCluster()
    {
        await using var cluster = new GossipLoopCluster();
        await cluster.StartAsync();
        await cluster.StartAsync(GossipLoopCluster.Address(0).ToString());
        var late = await cluster.StartAsync();
        await cluster.RunUntilAsync(() => cluster.Nodes[0].View.CountIn(MemberState.Alive) == 1, TimeSpan.FromSeconds(5));

        Assert.Null(await late.Source.AddHostAsync(GossipLoopCluster.Address(1), CancellationToken.None));

        await cluster.RunUntilAsync(() => cluster.Nodes.All(n => n.View.CountIn(MemberState.Alive) == 2), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Loop_Restart_RejoinsThroughSavedAddressesWithoutJoin()
    {
        var storage = Directory.CreateTempSubdirectory("verwalter-peers-store-");
        try
        {
            await using var cluster = new GossipLoopCluster();
            await cluster.StartAsync();
            var node = await cluster.StartWithStorageAsync(storage.FullName, GossipLoopCluster.Address(0).ToString());
            await cluster.RunUntilAsync(() => node.View.CountIn(MemberState.Alive) == 1, TimeSpan.FromSeconds(5));
            await cluster.RunUntilAsync(() => File.Exists(Path.Combine(storage.FullName, PeerAddressStore.FileName)), TimeSpan.FromSeconds(70), TimeSpan.FromMilliseconds(100));
            Assert.Equal(["127.0.0.1:8379"], new PeerAddressStore(storage.FullName).Load());

            await cluster.StopAsync(node);
            var restarted = await cluster.StartWithStorageAsync(storage.FullName);

            await cluster.RunUntilAsync(() => restarted.View.CountIn(MemberState.Alive) == 1, TimeSpan.FromSeconds(5));
        }
        finally
        {
            storage.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Loop_SeedStartsLate_NodeKeepsTryingAndJoins()
    {
        await using var cluster = new GossipLoopCluster();
        var early = await cluster.StartAsync(GossipLoopCluster.Address(1).ToString());
        await cluster.RunForAsync(TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
        Assert.Empty(early.View.Members);

        var seed = await cluster.StartAsync();

        var took = await cluster.RunUntilAsync(() => early.View.CountIn(MemberState.Alive) == 1 && seed.View.CountIn(MemberState.Alive) == 1, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50));
        Assert.True(took <= GossipPeerSource.RejoinInterval + TimeSpan.FromSeconds(1), $"joined after {took}");
    }

    [Fact]
    public async Task Loop_UndecodablePayload_CountedAndIgnored()
    {
        await using var cluster = new GossipLoopCluster();
        using var metrics = new MetricsRecorder(cluster.Meters);
        var node = await cluster.StartAsync();
        var stranger = cluster.Network.Join(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.99"), 1));

        await stranger.SendAsync(ClusterChannel.Gossip, GossipLoopCluster.Address(0), "VGjunk"u8.ToArray(), CancellationToken.None);
        await cluster.SettleAsync();

        Assert.Equal(1, metrics.Sum(PeersMetrics.InvalidName));
        Assert.Empty(node.View.Members);
    }
}
