using System.Globalization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// <c>&lt;runtime-dir&gt;/master.pid</c>, as lithos: names the running supervisor so <c>switch</c>
/// can signal it and a second supervisor refuses to start.
/// </summary>
internal static class PidFile
{
    public static string PathOf(MasterConfig master) => Path.Combine(master.RuntimeDir, "master.pid");

    /// <summary>The pid in the file when that process is alive and is a verwalter; otherwise null.</summary>
    public static int? LiveSupervisor(MasterConfig master)
    {
        try
        {
            var text = File.ReadAllText(PathOf(master)).Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                return null;
            }

            var cmdline = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/cmdline"));
            return ProcStat.Read(pid) is { IsZombie: false } && cmdline.Contains("verwalter", StringComparison.Ordinal) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
