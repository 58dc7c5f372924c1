using System.Globalization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The fields of <c>/proc/PID/stat</c> the supervisor needs. <see cref="StartTime"/> (clock ticks
/// after boot) together with the pid names one process for good: a reused pid has a later start
/// time, so a recorded instance is only adopted when both match.
/// </summary>
internal readonly record struct ProcStat(int Pid, char State, int ParentPid, int ProcessGroup, int Session, ulong StartTime, long RssPages)
{
    public bool IsZombie => State is 'Z' or 'X';

    /// <summary>Parses the text of <c>/proc/PID/stat</c>; null when it is not in the expected shape.</summary>
    public static ProcStat? Parse(int pid, string text)
    {
        // The command name is in parentheses and may itself contain ") ", so split after the last one.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 22
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(fields[21], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rss))
        {
            return null;
        }

        return new ProcStat(pid, fields[0][0], parent, group, session, start, rss);
    }

    /// <summary>Reads one process; null when it does not exist (any more).</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(pid, File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process readable now; used to find a container's processes by parent.</summary>
    public static List<ProcStat> All()
    {
        var result = new List<ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                result.Add(stat);
            }
        }

        return result;
    }
}
