using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Listening TCP sockets in the host namespace as raw descriptors (close-on-exec in the
/// supervisor; <c>posix_spawn</c>'s dup2 gives the container a copy without it): bound with the
/// options of a <c>tcp-ports</c> entry (spec B.4.4), or taken back from an adopted container with
/// <c>pidfd_getfd</c> and checked to be a listening TCP socket on the expected address.
/// </summary>
internal static unsafe class HostSocket
{
    private const int AddressSize = 28;

    /// <summary>socket, SO_REUSEADDR / SO_REUSEPORT as configured, bind, listen(backlog), O_NONBLOCK if asked.</summary>
    /// <exception cref="IOException">Any step failed (EADDRINUSE, EACCES …); the message names host:port.</exception>
    public static int Listen(SocketBinding binding)
    {
        if (!IPAddress.TryParse(binding.Host, out var ip))
        {
            throw new IOException($"tcp-ports: cannot listen on {binding.Address}: host is not an IP address");
        }

        var fd = LinuxNative.socket(Family(ip), LinuxNative.SockStream | LinuxNative.SockCloExec, 0);
        if (fd < 0)
        {
            throw Failure(binding, "socket");
        }

        try
        {
            SetFlag(fd, LinuxNative.SoReuseAddr, binding.ReuseAddr, binding);
            SetFlag(fd, LinuxNative.SoReusePort, binding.ReusePort, binding);
            var address = stackalloc byte[AddressSize];
            var length = Encode(ip, binding.Port, new Span<byte>(address, AddressSize));
            if (LinuxNative.bind(fd, address, length) != 0)
            {
                throw Failure(binding, "bind");
            }

            if (LinuxNative.listen(fd, binding.Backlog) != 0)
            {
                throw Failure(binding, "listen");
            }

            if (binding.NonBlock)
            {
                var flags = LinuxNative.fcntl(fd, LinuxNative.FGetFl, 0);
                if (flags < 0 || LinuxNative.fcntl(fd, LinuxNative.FSetFl, flags | LinuxNative.ONonBlock) != 0)
                {
                    throw Failure(binding, "set-non-block");
                }
            }

            return fd;
        }
        catch
        {
            _ = LinuxNative.close(fd);
            throw;
        }
    }

    /// <summary>
    /// Copies descriptor <paramref name="fd"/> out of process <paramref name="pid"/> (pidfd_open +
    /// pidfd_getfd, Linux 5.6+, needs ptrace rights over it) when it is a listening TCP socket bound
    /// to <paramref name="host"/>:<paramref name="port"/>; otherwise -1 with the reason.
    /// </summary>
    public static int Take(int pid, int fd, string host, int port, out string? reason)
    {
        var pidfd = LinuxNative.PidfdOpen(pid);
        if (pidfd < 0)
        {
            reason = $"pidfd_open({pid}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            return -1;
        }

        int copy;
        try
        {
            copy = LinuxNative.PidfdGetfd(pidfd, fd);
            if (copy < 0)
            {
                reason = $"pidfd_getfd(pid {pid}, fd {fd}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
                return -1;
            }
        }
        finally
        {
            _ = LinuxNative.close(pidfd);
        }

        reason = Check(copy, host, port);
        if (reason is null)
        {
            return copy;
        }

        reason = $"pid {pid} fd {fd}: {reason}";
        _ = LinuxNative.close(copy);
        return -1;
    }

    public static void Close(int fd) => _ = LinuxNative.close(fd);

    /// <summary>sockaddr_in / sockaddr_in6 for <paramref name="ip"/>:<paramref name="port"/>; returns its length.</summary>
    public static uint Encode(IPAddress ip, int port, Span<byte> address)
    {
        address.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)Family(ip));
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)port);
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            _ = ip.TryWriteBytes(address[4..8], out _);
            return 16;
        }

        _ = ip.TryWriteBytes(address[8..24], out _);
        BinaryPrimitives.WriteUInt32LittleEndian(address[24..], (uint)ip.ScopeId);
        return AddressSize;
    }

    private static string? Check(int fd, string host, int port)
    {
        int value;
        var size = (uint)sizeof(int);
        if (LinuxNative.getsockopt(fd, LinuxNative.SolSocket, LinuxNative.SoType, &value, &size) != 0 || value != LinuxNative.SockStream)
        {
            return "not a TCP socket";
        }

        size = (uint)sizeof(int);
        if (LinuxNative.getsockopt(fd, LinuxNative.SolSocket, LinuxNative.SoAcceptConn, &value, &size) != 0 || value != 1)
        {
            return "not listening";
        }

        var actual = stackalloc byte[AddressSize];
        var expected = stackalloc byte[AddressSize];
        var length = (uint)AddressSize;
        if (LinuxNative.getsockname(fd, actual, &length) != 0 || !IPAddress.TryParse(host, out var ip))
        {
            return "no local address";
        }

        var wanted = Encode(ip, port, new Span<byte>(expected, AddressSize));
        var compared = wanted == 16 ? 8 : 24;
        return length == wanted && new Span<byte>(actual, compared).SequenceEqual(new Span<byte>(expected, compared))
            ? null
            : $"bound to another address than {SocketBinding.Describe(host, port)}";
    }

    private static void SetFlag(int fd, int option, bool on, SocketBinding binding)
    {
        var value = on ? 1 : 0;
        if (LinuxNative.setsockopt(fd, LinuxNative.SolSocket, option, &value, sizeof(int)) != 0)
        {
            throw Failure(binding, option == LinuxNative.SoReuseAddr ? "reuse-addr" : "reuse-port");
        }
    }

    private static int Family(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork ? LinuxNative.AfInet : LinuxNative.AfInet6;

    private static IOException Failure(SocketBinding binding, string step)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"tcp-ports: cannot listen on {binding.Address} ({step}): {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
