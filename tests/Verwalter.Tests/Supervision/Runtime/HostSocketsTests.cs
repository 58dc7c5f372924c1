using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;
using Verwalter.Tests.Supervision.Real;

namespace Verwalter.Tests.Supervision.Runtime;

/// <summary>The shared-socket registry with real loopback sockets (no processes): sharing, lifetime, bind failures, taking a socket back.</summary>
public sealed class HostSocketsTests : IDisposable
{
    private static readonly InstanceKey Web0 = new("s", "web", 0);
    private static readonly InstanceKey Web1 = new("s", "web", 1);
    private static readonly InstanceKey Other = new("t", "api", 0);

    private readonly HostSockets _sockets = new(NullLogger.Instance);
    private readonly int _port = ListeningSockets.FreePort();

    public void Dispose() => _sockets.Dispose();

    [Fact]
    public async Task Use_TwoInstancesOneAddress_ShareOneSocketUntilBothReleased()
    {
        var first = _sockets.Use(Web0, [Loopback(3, _port)]);
        var second = _sockets.Use(Other, [Loopback(5, _port)]);

        Assert.Equal(3, Assert.Single(first).Target);
        Assert.Equal(5, Assert.Single(second).Target);
        Assert.Equal(first[0].Source, second[0].Source);
        Assert.True(await ListeningSockets.ConnectsAsync(_port));

        _sockets.Release(Web0);
        Assert.True(await ListeningSockets.ConnectsAsync(_port), "still held by the other instance");
        _sockets.Release(Other);
        Assert.False(await ListeningSockets.ConnectsAsync(_port), "closed once nobody holds it");
        Assert.Empty(_sockets.OpenAddresses());
    }

    [Fact]
    public void Use_SameInstanceAgain_KeepsTheSocket()
    {
        var first = _sockets.Use(Web0, [Loopback(3, _port)]);

        var again = _sockets.Use(Web0, [Loopback(3, _port)]);

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Use_InstanceMovesToAnotherPort_OldPortClosed()
    {
        var next = ListeningSockets.FreePort();
        _sockets.Use(Web0, [Loopback(3, _port)]);

        _sockets.Use(Web0, [Loopback(3, next)]);

        Assert.False(await ListeningSockets.ConnectsAsync(_port));
        Assert.True(await ListeningSockets.ConnectsAsync(next));
    }

    [Fact]
    public void Use_AddressInUse_ThrowsNamingItAndKeepsNothingNew()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port;

        var error = Assert.Throws<IOException>(() => _sockets.Use(Web0, [Loopback(3, _port), Loopback(4, busyPort)]));

        Assert.Contains($"127.0.0.1:{busyPort} (bind): Address already in use", error.Message, StringComparison.Ordinal);
        Assert.Empty(_sockets.OpenAddresses());
    }

    [Fact]
    public async Task Release_WhileAnotherInstanceStarts_OnlyUnheldSocketsClose()
    {
        var next = ListeningSockets.FreePort();
        _sockets.Use(Web0, [Loopback(3, _port), Loopback(4, next)]);
        _sockets.Use(Web1, [Loopback(3, _port)]);

        _sockets.Release(Web0);

        Assert.True(await ListeningSockets.ConnectsAsync(_port));
        Assert.False(await ListeningSockets.ConnectsAsync(next));
    }

    [Fact]
    public async Task Adopt_ProcessHoldsTheSocket_TakesItBackForLaterStarts()
    {
        var held = HostSocket.Listen(Loopback(3, _port));
        try
        {
            _sockets.Adopt(Web0, [new RecordedSocket(held, "127.0.0.1", _port)], [Environment.ProcessId]);
        }
        finally
        {
            HostSocket.Close(held);
        }

        Assert.Equal([$"127.0.0.1:{_port}"], _sockets.OpenAddresses());
        Assert.True(await ListeningSockets.ConnectsAsync(_port), "the copy taken with pidfd_getfd still listens");
        var restarted = _sockets.Use(Web0, [Loopback(3, _port)]);
        Assert.NotEqual(held, restarted[0].Source);
    }

    [Fact]
    public void Adopt_SocketOnAnotherAddress_IsNotTaken()
    {
        var held = HostSocket.Listen(Loopback(3, _port));
        try
        {
            _sockets.Adopt(Web0, [new RecordedSocket(held, "127.0.0.1", _port + 1)], [Environment.ProcessId]);

            Assert.Empty(_sockets.OpenAddresses());
            Assert.Equal(-1, HostSocket.Take(Environment.ProcessId, held, "127.0.0.2", _port, out var reason));
            Assert.Contains("bound to another address than 127.0.0.2", reason, StringComparison.Ordinal);
            Assert.Equal(-1, HostSocket.Take(Environment.ProcessId, 0, "127.0.0.1", _port, out reason));
            Assert.Contains("not a TCP socket", reason, StringComparison.Ordinal);
        }
        finally
        {
            HostSocket.Close(held);
        }
    }

    [Fact]
    public void Listen_ReusePortOnBoth_SecondBindSucceedsAndNonBlockIsSet()
    {
        var first = HostSocket.Listen(Loopback(3, _port) with { ReusePort = true, NonBlock = true });
        try
        {
            var second = HostSocket.Listen(Loopback(3, _port) with { ReusePort = true });
            HostSocket.Close(second);
            Assert.NotEqual(0, LinuxNative.fcntl(first, LinuxNative.FGetFl, 0) & LinuxNative.ONonBlock);
            Assert.Throws<IOException>(() => HostSocket.Listen(Loopback(3, _port)));
        }
        finally
        {
            HostSocket.Close(first);
        }
    }

    [Fact]
    public async Task Listen_Ipv6Loopback_Listens()
    {
        var fd = HostSocket.Listen(new SocketBinding(3, "::1", _port, 8, ReuseAddr: true, ReusePort: false, NonBlock: false));
        try
        {
            using var client = new TcpClient(AddressFamily.InterNetworkV6);
            await client.ConnectAsync(IPAddress.IPv6Loopback, _port).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(client.Connected);
        }
        finally
        {
            HostSocket.Close(fd);
        }
    }

    private static SocketBinding Loopback(int fd, int port) => new(fd, "127.0.0.1", port, 16, ReuseAddr: true, ReusePort: false, NonBlock: false);
}
