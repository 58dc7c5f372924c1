using System.Runtime.InteropServices;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>The libc calls the real-process tests need.</summary>
internal static partial class LinuxTestNative
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static void Chown(string path, int user, int group)
    {
        if (chown(path, user, group) != 0)
        {
            throw new IOException($"chown {path} failed");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    /// <summary>Reaps a child this test process spawned itself (not through <see cref="System.Diagnostics.Process"/>); returns its pid.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, int owner, int group);
}
