using System.Runtime.InteropServices;

namespace Verwalter.Rendering.Commands;

/// <summary>The one libc call the commands need: whether we run as root (decides <c>sudo</c> for <c>!RootCommand</c>).</summary>
internal static partial class Posix
{
    public static bool IsRoot => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
