using System.Runtime.InteropServices;

namespace Verwalter.Rendering.Commands;

/// <summary>The one libc call the commands need: whether we run as root (decides <c>sudo</c> for <c>!RootCommand</c>).</summary>
internal static partial class Posix
{
    public static bool IsRoot => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
