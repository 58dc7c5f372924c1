using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>Finds the processes of one container from the host: bwrap (the supervised pid) → bwrap's init → the command.</summary>
internal static class ContainerProcesses
{
    public static int? Command(int bwrapPid)
    {
        var table = ProcStat.All();
        var init = table.FirstOrDefault(p => p.ParentPid == bwrapPid);
        return init.Pid == 0 ? null : table.FirstOrDefault(p => p.ParentPid == init.Pid) is { Pid: > 0 } command ? command.Pid : null;
    }

    public static bool Alive(int pid) => ProcStat.Read(pid) is { IsZombie: false };

    /// <summary>Start time in clock ticks (1/100 s) after boot.</summary>
    public static ulong StartTicks(int pid) => ProcStat.Read(pid)?.StartTime ?? 0;
}
