using System.Runtime.InteropServices;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The socket calls for <c>tcp-ports</c>: raw libc rather than <see cref="System.Net.Sockets.Socket"/>,
/// because the descriptor is handed to other processes and must carry exactly the options the
/// container config names (the .NET socket sets <c>SO_REUSEPORT</c> along with <c>SO_REUSEADDR</c> on
/// Unix and may switch the descriptor to non-blocking mode), plus <c>pidfd_getfd</c> to take a
/// listening socket back from an adopted container.
/// </summary>
internal static unsafe partial class LinuxNative
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockCloExec = 0x80000;
    public const int SolSocket = 1;
    public const int SoReuseAddr = 2;
    public const int SoType = 3;
    public const int SoReusePort = 15;
    public const int SoAcceptConn = 30;
    public const int FGetFd = 1;
    public const int FSetFd = 2;
    public const int FGetFl = 3;
    public const int FSetFl = 4;
    public const int FDupFdCloExec = 1030;
    public const int FdCloExec = 1;
    public const int ONonBlock = 0x800;

    // x86-64 and arm64 share it, as the other pidfd calls.
    private const long SysPidfdGetfd = 438;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, int* value, uint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockopt(int fd, int level, int name, int* value, uint* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, byte* address, uint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int listen(int fd, int backlog);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockname(int fd, byte* address, uint* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    /// <summary>A copy of <paramref name="fd"/> of process <paramref name="pidfd"/> in this process (close-on-exec), or -1.</summary>
    public static int PidfdGetfd(int pidfd, int fd) => (int)syscall(SysPidfdGetfd, pidfd, fd, 0, 0);
}
