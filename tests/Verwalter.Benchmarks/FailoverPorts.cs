using System.Net;
using System.Net.Sockets;

namespace Verwalter.Benchmarks;

/// <summary>Ports that are free (TCP and UDP) on every address of a benchmark cluster.</summary>
internal static class FailoverPorts
{
    public static IPAddress Address(int block, int member) => new([127, 0, (byte)block, (byte)(member + 1)]);

    public static int[] Free(IReadOnlyList<IPAddress> addresses, int count)
    {
        var ports = new List<int>();
        for (var attempt = 0; attempt < 100 && ports.Count < count; attempt++)
        {
            using var probe = new TcpListener(addresses[0], 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (!ports.Contains(port) && addresses.All(a => CanBind(a, port)))
            {
                ports.Add(port);
            }
        }

        return ports.Count == count ? [.. ports] : throw new FailoverException("no free ports on the benchmark addresses");
    }

    private static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
