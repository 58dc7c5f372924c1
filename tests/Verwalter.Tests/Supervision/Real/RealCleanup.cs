using System.Globalization;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>Kills every process a real test may have left behind, even when the test failed.</summary>
internal static class RealCleanup
{
    /// <summary>SIGKILLs each process whose command line mentions <paramref name="root"/> (the bwrap chains, supervisors) and its process group.</summary>
    public static void KillEverythingUnder(string root, string runtimeDir)
    {
        for (var round = 0; round < 3; round++)
        {
            var found = false;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                {
                    continue;
                }

                string cmdline;
                try
                {
                    cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                }
                catch (IOException)
                {
                    continue;
                }

                if (cmdline.Contains(root, StringComparison.Ordinal) || cmdline.Contains(runtimeDir, StringComparison.Ordinal))
                {
                    found = true;
                    _ = LinuxTestNative.kill(-pid, LinuxTestNative.SigKill);
                    _ = LinuxTestNative.kill(pid, LinuxTestNative.SigKill);
                }
            }

            if (!found)
            {
                return;
            }
        }
    }
}
