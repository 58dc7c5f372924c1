using System.Net;
using System.Net.Sockets;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>The harness with real daemons: start, observe, kill, restart, cut, clean up.</summary>
[Collection(RealClusterCollection.Name)]
public sealed class DaemonClusterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ClusterTestConfig _config = new();

    [Fact]
    public async Task Loopback_KillHardAndRestart_NodeComesBackWithItsIdentity()
    {
        int[] pids;
        await using (var cluster = await DaemonCluster.StartAsync(new DaemonClusterOptions(_config.Dir) { Nodes = 3 }))
        {
            await cluster.WaitAllReadyAsync(Timeout);
            for (var i = 0; i < 3; i++)
            {
                var status = await cluster.GetJsonAsync(i, "/v1/status");
                Assert.Equal($"node-{i + 1}", status!["hostname"]!.GetValue<string>());
                Assert.Equal(cluster[i].MachineId, status["id"]!.GetValue<string>());
            }

            var killed = cluster[1].Pid;
            await cluster.KillHardAsync(1);
            Assert.False(ProcessSignals.IsAlive(killed));
            Assert.False(cluster[1].IsRunning);
            await cluster.WaitForJsonAsync(0, "/v1/status", s => s["hostname"] is not null, Timeout, "node-1 still serving");

            await cluster.RestartAsync(1);
            Assert.NotEqual(killed, cluster[1].Pid);
            await cluster.WaitAllReadyAsync(Timeout);
            var restarted = await cluster.GetJsonAsync(1, "/v1/status");
            Assert.Equal(cluster[1].MachineId, restarted!["id"]!.GetValue<string>());
            Assert.Contains("[harness] node-2 killed (SIGKILL)", cluster[1].Output, StringComparison.Ordinal);
            pids = cluster.Nodes.Select(n => n.Pid).ToArray();
        }

        Assert.All(pids, pid => Assert.False(ProcessSignals.IsAlive(pid), $"pid {pid} outlived the cluster"));
    }

    [Fact]
    public async Task Loopback_SingleNode_IsItsOwnLeader()
    {
        await using var cluster = await DaemonCluster.StartAsync(new DaemonClusterOptions(_config.Dir) { Nodes = 1 });
        var leader = await cluster.WaitForAgreedLeaderAsync([0], Timeout);
        Assert.Equal(cluster[0].MachineId, leader);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => cluster.WaitUntilAsync(_ => Task.FromResult(false), TimeSpan.FromMilliseconds(300), "something that never happens"));
        Assert.Contains("waiting for something that never happens", timeout.Message, StringComparison.Ordinal);
        Assert.Contains($"--- node-1 {cluster[0].Endpoint} (running, pid {cluster[0].Pid})", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespaces_CutLink_NodeStaysObservableButUnreachable()
    {
        string id;
        await using (var cluster = await DaemonCluster.StartAsync(new DaemonClusterOptions(_config.Dir) { Nodes = 2, Network = ClusterNetworkKind.Namespaces }))
        {
            id = cluster.Network!.Id;
            await cluster.WaitAllReadyAsync(Timeout);
            Assert.Equal("10.77.0.2:8379", cluster[1].Endpoint.ToString());
            Assert.True(await ReachesAsync(cluster, 0, cluster[1].Endpoint), "node-1 reaches node-2's HTTP port");

            await cluster.CutLinkAsync(1);
            Assert.False(await ReachesAsync(cluster, 0, cluster[1].Endpoint), "node-2 is still reachable after the cut");
            var status = await cluster.WaitForJsonAsync(1, "/v1/status", s => s["hostname"] is not null, Timeout, "the cut node observed from inside its namespace");
            Assert.Equal("node-2", status["hostname"]!.GetValue<string>());

            await cluster.RestoreLinkAsync(1);
            await cluster.WaitUntilAsync(_ => ReachesAsync(cluster, 0, cluster[1].Endpoint), Timeout, "node-2 reachable again");
        }

        Assert.Empty(await NetnsNetwork.ListNamespacesAsync(id + "-"));
    }

    [Fact]
    public async Task Namespaces_GossipOverTheBridge_CutNodeTurnsDeadAndRejoinsAfterRestore()
    {
        await using var cluster = await DaemonCluster.StartAsync(new DaemonClusterOptions(_config.Dir) { Nodes = 3, Network = ClusterNetworkKind.Namespaces, Join = true });
        await cluster.WaitAllReadyAsync(Timeout);
        for (var i = 0; i < 3; i++)
        {
            await cluster.WaitForJsonAsync(i, "/v1/peers", p => States(p).Count(s => s.State == "alive") == 2, Timeout, "2 alive peers");
        }

        await cluster.CutLinkAsync(2);
        foreach (var i in new[] { 0, 1 })
        {
            await cluster.WaitForJsonAsync(i, "/v1/peers", p => States(p).Any(s => s.Id == cluster[2].MachineId && s.State != "alive"), Timeout, "node-3 no longer alive");
        }

        await cluster.RestoreLinkAsync(2);
        for (var i = 0; i < 3; i++)
        {
            await cluster.WaitForJsonAsync(i, "/v1/peers", p => States(p).Count(s => s.State == "alive") == 2, Timeout, "2 alive peers after the link is back");
        }
    }

    public void Dispose() => _config.Dispose();

    private static IEnumerable<(string? Id, string? State)> States(System.Text.Json.Nodes.JsonNode peers) =>
        peers.AsArray().Select(p => (p?["id"]?.GetValue<string>(), p?["state"]?.GetValue<string>()));

    private static async Task<bool> ReachesAsync(DaemonCluster cluster, int from, IPEndPoint to)
    {
        using var socket = cluster.Network!.CreateSocket(from);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await socket.ConnectAsync(to, cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
