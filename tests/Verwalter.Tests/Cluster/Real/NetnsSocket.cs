using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// Creates a socket inside a named network namespace (<c>/var/run/netns/NAME</c>) without a child
/// process: a short-lived thread enters the namespace with <c>setns(2)</c>, creates the socket and
/// goes back. A socket keeps the namespace it was created in, so the test process can then use it
/// from any thread, e.g. to reach a node whose link to the bridge is cut.
/// </summary>
internal static partial class NetnsSocket
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Create(string netns, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var own = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(Path.Combine("/var/run/netns", netns));
                Enter(target.DangerousGetHandle(), netns);
                try
                {
                    socket = new Socket(AddressFamily.InterNetwork, type, protocol);
                }
                finally
                {
                    Enter(own.DangerousGetHandle(), "the test process's own");
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }
        })
        {
            IsBackground = true,
            Name = "netns socket",
        };
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"cannot create a socket in network namespace {netns}", error);
    }

    private static void Enter(IntPtr fd, string what)
    {
        if (SetNs(checked((int)fd), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns into {what} network namespace failed (errno {Marshal.GetLastPInvokeError()}); this needs root");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
