using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Cluster;
using Verwalter.Tests.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cluster;

/// <summary>Real UDP transports on 127.0.0.x loopback addresses sharing one manual clock and one metrics scope.</summary>
internal sealed class UdpTestBed : IAsyncDisposable
{
    public static readonly byte[] Key = "0123456789abcdef-cluster-key"u8.ToArray();

    private readonly List<UdpClusterTransport> _transports = [];
    private readonly List<Socket> _raw = [];

    public UdpTestBed()
    {
        Metrics = new MetricsRecorder(Meters);
    }

    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UnixEpoch.AddYears(56));

    public TestMeterFactory Meters { get; } = new();

    public MetricsRecorder Metrics { get; }

    public CancellationTokenSource Timeout { get; } = new(TimeSpan.FromSeconds(20));

    public async Task<UdpClusterTransport> StartAsync(string address, byte[]? key, ClusterTransportOptions? options = null)
    {
        var transport = new UdpClusterTransport(
            new ClusterBinding(IPEndPoint.Parse(address), key),
            Options.Create(options ?? new ClusterTransportOptions()),
            new ClusterMetrics(Meters),
            Time,
            NullLogger<UdpClusterTransport>.Instance);
        _transports.Add(transport);
        await transport.StartAsync(Timeout.Token);
        return transport;
    }

    /// <summary>A plain UDP socket for hand-made datagrams.</summary>
    public Socket Raw(string ip)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(ip), 0));
        _raw.Add(socket);
        return socket;
    }

    public double Dropped(DropReason reason) => Metrics.Sum(ClusterMetrics.DroppedName, ("reason", ClusterMetrics.ReasonName(reason)));

    public double Received(ClusterChannel channel) => Metrics.Sum(ClusterMetrics.ReceivedName, ("channel", ClusterMetrics.ChannelName(channel)));

    public static Task WaitAsync(Func<bool> condition, string what) =>
        Eventually.WaitAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what);

    public async Task<ClusterPacket> ReadAsync(IClusterTransport transport, ClusterChannel channel)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Timeout.Token);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        return await transport.Incoming(channel).ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.StopAsync(CancellationToken.None);
            transport.Dispose();
        }

        foreach (var socket in _raw)
        {
            socket.Dispose();
        }

        Metrics.Dispose();
        Meters.Dispose();
        Timeout.Dispose();
    }
}
