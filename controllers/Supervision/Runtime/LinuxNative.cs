using System.Runtime.InteropServices;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The few Linux calls the supervisor needs that .NET does not expose: <c>posix_spawn</c> with a
/// new session (so children outlive the supervisor), pidfds to watch and signal processes that
/// are not our children, <c>waitid</c> for exit statuses, and <c>poll</c>/<c>eventfd</c> for the
/// watcher thread. glibc on x86-64 and arm64; the opaque structs get generous buffers.
/// </summary>
internal static unsafe partial class LinuxNative
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigQuit = 3;
    public const int SigHup = 1;

    public const short PosixSpawnSetSigDef = 0x04;
    public const short PosixSpawnSetSigMask = 0x08;
    public const short PosixSpawnSetSid = 0x80;

    public const int OReadOnly = 0;
    public const int OWriteOnly = 1;
    public const int OCreate = 0x40;
    public const int OTruncate = 0x200;
    public const int OAppend = 0x400;
    public const int OCloExec = 0x80000;

    public const int PPidFd = 3;
    public const int WExited = 4;
    public const int WNoHang = 1;
    public const short PollIn = 1;

    public const int ESrch = 3;
    public const int EChild = 10;
    public const int EIntr = 4;
    public const int ENoEnt = 2;
    public const int EBusy = 16;
    public const int EInval = 22;

    // Opaque glibc structs: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336,
    // sigset_t 128; the buffers leave room for other layouts.
    public const int FileActionsSize = 256;
    public const int SpawnAttrSize = 1024;
    public const int SigSetSize = 256;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int flags, int mode);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* mask);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* mask);

    [LibraryImport("libc")]
    public static partial int sigemptyset(void* set);

    [LibraryImport("libc")]
    public static partial int sigaddset(void* set, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial long syscall(long number, long a, long b, long c, long d);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitid(int idType, int id, byte* info, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, ulong count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initial, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, void* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, void* buffer, nint count);

    [LibraryImport("libc")]
    public static partial int close(int fd);

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rmdir(string path);

    // x86-64 and arm64 share these numbers (they were added after the tables were unified).
    private const long SysPidfdOpen = 434;
    private const long SysPidfdSendSignal = 424;

    /// <summary>A pidfd for <paramref name="pid"/>, or -1 (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    public static int PidfdOpen(int pid) => (int)syscall(SysPidfdOpen, pid, 0, 0, 0);

    /// <summary>Signals the process behind the pidfd; cannot hit a reused pid.</summary>
    public static int PidfdSendSignal(int pidfd, int signal) => (int)syscall(SysPidfdSendSignal, pidfd, signal, 0, 0);
}
