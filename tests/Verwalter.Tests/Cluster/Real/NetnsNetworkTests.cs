using System.Net;
using System.Net.Sockets;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>The namespace network itself: the bridge connects nodes, a cut link isolates one, cleanup leaves nothing.</summary>
[Collection(RealClusterCollection.Name)]
public sealed class NetnsNetworkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Create_ThreeNodes_ReachEachOtherThroughTheBridge()
    {
        await using var network = await NetnsNetwork.CreateAsync(3);
        using var listener = Listen(network, 0, 7000);
        Assert.True(await CanConnectAsync(network, 1, network.Nodes[0].Address, 7000, Timeout), "node 1 -> node 0");
        Assert.True(await CanConnectAsync(network, 2, network.Nodes[0].Address, 7000, Timeout), "node 2 -> node 0");

        using var receiver = network.CreateSocket(0, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(network.Nodes[0].Address, 7001));
        using var sender = network.CreateSocket(2, SocketType.Dgram, ProtocolType.Udp);
        await sender.SendToAsync("gossip"u8.ToArray(), new IPEndPoint(network.Nodes[0].Address, 7001));
        var buffer = new byte[16];
        using var cts = new CancellationTokenSource(Timeout);
        var received = await receiver.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        Assert.Equal("gossip", System.Text.Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes));
        Assert.Equal(network.Nodes[2].Address, ((IPEndPoint)received.RemoteEndPoint).Address);
    }

    [Fact]
    public async Task CutLink_Node_IsIsolatedUntilRestored()
    {
        await using var network = await NetnsNetwork.CreateAsync(3);
        using var onZero = Listen(network, 0, 7000);
        using var onOne = Listen(network, 1, 7000);
        Assert.True(await CanConnectAsync(network, 1, network.Nodes[0].Address, 7000, Timeout));

        await network.CutLinkAsync(1);
        Assert.False(await CanConnectAsync(network, 1, network.Nodes[0].Address, 7000, TimeSpan.FromMilliseconds(500)), "the cut node reaches out");
        Assert.False(await CanConnectAsync(network, 0, network.Nodes[1].Address, 7000, TimeSpan.FromMilliseconds(500)), "the cut node is reached");
        Assert.True(await CanConnectAsync(network, 2, network.Nodes[0].Address, 7000, Timeout), "the others still talk");
        Assert.True(await CanConnectAsync(network, 1, network.Nodes[1].Address, 7000, Timeout), "the cut node still reaches itself");

        await network.RestoreLinkAsync(1);
        Assert.True(await EventuallyConnectsAsync(network, 1, network.Nodes[0].Address, 7000), "the restored node reaches out");
        Assert.True(await EventuallyConnectsAsync(network, 0, network.Nodes[1].Address, 7000), "the restored node is reached");
    }

    [Fact]
    public async Task Dispose_RemovesEveryNamespaceAndLink()
    {
        var network = await NetnsNetwork.CreateAsync(2);
        var id = network.Id;
        Assert.Equal(3, (await NetnsNetwork.ListNamespacesAsync(id + "-")).Count);

        await network.DisposeAsync();

        Assert.Empty(await NetnsNetwork.ListNamespacesAsync(id + "-"));
        Assert.False(Directory.Exists("/sys/class/net/h0"), "a bridge port leaked into the root namespace");
    }

    private static Socket Listen(NetnsNetwork network, int node, int port)
    {
        var socket = network.CreateSocket(node);
        socket.Bind(new IPEndPoint(network.Nodes[node].Address, port));
        socket.Listen();
        return socket;
    }

    private static async Task<bool> CanConnectAsync(NetnsNetwork network, int from, IPAddress to, int port, TimeSpan timeout)
    {
        using var socket = network.CreateSocket(from);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(to, port), cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> EventuallyConnectsAsync(NetnsNetwork network, int from, IPAddress to, int port)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!deadline.IsCancellationRequested)
        {
            if (await CanConnectAsync(network, from, to, port, TimeSpan.FromMilliseconds(500)))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None); // poll interval, bounded by the deadline
        }

        return false;
    }
}
