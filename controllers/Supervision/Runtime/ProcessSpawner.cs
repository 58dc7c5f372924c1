using System.Runtime.InteropServices;
using System.Text;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Starts a program with <c>posix_spawn</c> in a new session (<c>setsid</c>), with default signal
/// dispositions and an empty signal mask (the .NET runtime ignores SIGPIPE, which would otherwise
/// be inherited), stdin from <c>/dev/null</c> and stdout/stderr appended to a log file. Nothing runs
/// between fork and exec in managed code, and no pipe ties the child to the supervisor, so the
/// child keeps running when the supervisor is killed. Descriptors to hand over (listening sockets)
/// are dup2'ed onto their numbers in the child, which clears close-on-exec there; a socket on fd 0
/// replaces <c>/dev/null</c> as stdin. An optional status file is opened (truncated) on the given
/// descriptor for bwrap's <c>--json-status-fd</c>.
/// </summary>
internal static unsafe class ProcessSpawner
{
    private static readonly int[] DefaultSignals = [1, 2, 3, 13, 14, 15, 17, 20, 21, 22, 10, 12];

    /// <param name="descriptors">(fd in the child, fd in the supervisor) pairs; targets are distinct and never 1 or 2.</param>
    /// <exception cref="IOException">posix_spawn failed (the message carries errno).</exception>
    public static int Spawn(
        string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, string outputPath,
        string? statusPath = null, int statusFd = 3, IReadOnlyList<(int Target, int Source)>? descriptors = null)
    {
        descriptors ??= [];
        var arena = new List<nint>();
        var copies = new List<int>();
        var actions = NativeMemory.AllocZeroed(LinuxNative.FileActionsSize);
        var attributes = NativeMemory.AllocZeroed(LinuxNative.SpawnAttrSize);
        var mask = NativeMemory.AllocZeroed(LinuxNative.SigSetSize);
        var defaults = NativeMemory.AllocZeroed(LinuxNative.SigSetSize);
        try
        {
            Check(LinuxNative.posix_spawn_file_actions_init(actions), "file actions");
            Check(LinuxNative.posix_spawnattr_init(attributes), "attributes");
            if (!descriptors.Any(d => d.Target == 0))
            {
                Check(LinuxNative.posix_spawn_file_actions_addopen(actions, 0, Utf8(arena, "/dev/null"), LinuxNative.OReadOnly, 0), "stdin");
            }

            Check(LinuxNative.posix_spawn_file_actions_addopen(
                actions, 1, Utf8(arena, outputPath), LinuxNative.OWriteOnly | LinuxNative.OCreate | LinuxNative.OAppend, 0x1A4), "stdout");
            Check(LinuxNative.posix_spawn_file_actions_adddup2(actions, 1, 2), "stderr");

            // dup2 from private close-on-exec copies numbered above every target: a source is then
            // never its own target (where dup2 would leave close-on-exec set) and no dup2 overwrites
            // a source a later one still needs.
            var floor = descriptors.Select(d => d.Target).Append(statusFd).Append(2).Max() + 1;
            foreach (var (target, source) in descriptors)
            {
                var copy = LinuxNative.fcntl(source, LinuxNative.FDupFdCloExec, floor);
                if (copy < 0)
                {
                    throw new IOException($"cannot duplicate fd {source} for fd {target}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }

                copies.Add(copy);
                Check(LinuxNative.posix_spawn_file_actions_adddup2(actions, copy, target), "socket fd");
            }

            if (statusPath is not null)
            {
                Check(LinuxNative.posix_spawn_file_actions_addopen(
                    actions, statusFd, Utf8(arena, statusPath), LinuxNative.OWriteOnly | LinuxNative.OCreate | LinuxNative.OTruncate, 0x1A4), "status file");
            }

            Check(LinuxNative.sigemptyset(mask), "signal mask");
            Check(LinuxNative.sigemptyset(defaults), "signal defaults");
            foreach (var signal in DefaultSignals)
            {
                Check(LinuxNative.sigaddset(defaults, signal), "signal defaults");
            }

            Check(LinuxNative.posix_spawnattr_setsigmask(attributes, mask), "signal mask");
            Check(LinuxNative.posix_spawnattr_setsigdefault(attributes, defaults), "signal defaults");
            Check(LinuxNative.posix_spawnattr_setflags(
                attributes, LinuxNative.PosixSpawnSetSid | LinuxNative.PosixSpawnSetSigMask | LinuxNative.PosixSpawnSetSigDef), "flags");
            var args = Vector(arena, argv);
            var env = Vector(arena, environment);
            var error = LinuxNative.posix_spawn(out var pid, Utf8(arena, path), actions, attributes, args, env);
            return error == 0 ? pid : throw new IOException($"cannot start {path}: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
        }
        finally
        {
            _ = LinuxNative.posix_spawn_file_actions_destroy(actions);
            _ = LinuxNative.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(mask);
            NativeMemory.Free(defaults);
            copies.ForEach(fd => _ = LinuxNative.close(fd));
            foreach (var pointer in arena)
            {
                NativeMemory.Free((void*)pointer);
            }
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new IOException($"posix_spawn {what}: {Marshal.GetPInvokeErrorMessage(result)}");
        }
    }

    private static byte* Utf8(List<nint> arena, string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.Alloc((nuint)count + 1);
        arena.Add((nint)buffer);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, count));
        buffer[count] = 0;
        return buffer;
    }

    private static byte** Vector(List<nint> arena, IReadOnlyList<string> items)
    {
        var vector = (byte**)NativeMemory.Alloc((nuint)(sizeof(nint) * (items.Count + 1)));
        arena.Add((nint)vector);
        for (var i = 0; i < items.Count; i++)
        {
            vector[i] = Utf8(arena, items[i]);
        }

        vector[items.Count] = null;
        return vector;
    }
}
