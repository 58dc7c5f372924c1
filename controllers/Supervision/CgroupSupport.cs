namespace Verwalter.Supervision;

/// <summary>
/// What the host offers for resource limits. Only cgroup v2 is a target (spec D.2); the limits
/// (<c>memory.max</c>, <c>cpu.weight</c>) are not applied yet, and the status says so.
/// </summary>
internal static class CgroupSupport
{
    public static bool IsV2 => File.Exists("/sys/fs/cgroup/cgroup.controllers");

    public static string Describe() => IsV2
        ? "cgroup v2: memory-limit and cpu-shares are not applied yet"
        : "no cgroup v2 on this host: memory-limit and cpu-shares are not applied";
}
