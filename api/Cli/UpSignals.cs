using System.Runtime.InteropServices;

namespace Verwalter.Api.Cli;

/// <summary>
/// Sends SIGTERM to a child. .NET only offers SIGKILL (<c>Process.Kill</c>); a graceful stop of a
/// daemon needs the signal its host listens for.
/// </summary>
internal static partial class UpSignals
{
    private const int SigTerm = 15;

    public static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = Kill(pid, SigTerm); // ESRCH (already gone) is fine
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
