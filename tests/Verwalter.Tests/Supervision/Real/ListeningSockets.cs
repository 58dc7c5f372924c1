using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>Looks at listening sockets from the host: free ports, who holds which socket, what the kernel lists.</summary>
internal static class ListeningSockets
{
    /// <summary>A TCP port nobody listens on now (the kernel picks it for a port-0 bind).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Any, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>The socket inode behind <c>/proc/PID/fd/FD</c>, or null when that is not a socket.</summary>
    public static string? Inode(int pid, int fd)
    {
        try
        {
            var target = new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget;
            return target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) ? target[8..^1] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when any descriptor of <paramref name="pid"/> is the socket <paramref name="inode"/>.</summary>
    public static bool Holds(int pid, string inode) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd").Any(f => new FileInfo(f).LinkTarget == $"socket:[{inode}]");

    /// <summary>The inode of the IPv4 socket in LISTEN state on <paramref name="port"/> per the host's /proc/net/tcp, or null.</summary>
    public static string? ListeningInode(int port)
    {
        var suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadAllLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1].EndsWith(suffix, StringComparison.Ordinal) && fields[3] == "0A")
            {
                return fields[9];
            }
        }

        return null;
    }

    /// <summary>Whether a TCP connect to 127.0.0.1:<paramref name="port"/> succeeds (the kernel accepts into the backlog even if nobody calls accept).</summary>
    public static async Task<bool> ConnectsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
