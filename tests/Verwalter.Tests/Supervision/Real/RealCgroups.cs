using System.Globalization;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// The host's real cgroup file system for the cgroup tests: the v1 hierarchies under
/// <c>/sys/fs/cgroup</c> and the cgroup2 mount at <c>/sys/fs/cgroup/unified</c> (a hybrid host, as CI),
/// whether a test can create groups there, and removal of a test's slice, deepest first.
/// </summary>
internal static class RealCgroups
{
    public const string Root = "/sys/fs/cgroup";

    public const string Unified = "/sys/fs/cgroup/unified";

    public static readonly string[] V1Hierarchies = ["systemd", "cpu", "cpuacct", "memory", "blkio"];

    private static readonly Lazy<bool> V1Writable = new(() => CanCreateGroupIn(Path.Combine(Root, "memory")) && CanCreateGroupIn(Path.Combine(Root, "cpu")));

    private static readonly Lazy<bool> UnifiedWritable = new(() => File.Exists(Path.Combine(Unified, "cgroup.controllers")) && CanCreateGroupIn(Unified));

    /// <summary>Null when this host has writable v1 memory and cpu hierarchies; otherwise why the test cannot run.</summary>
    public static string? V1SkipReason => !File.Exists(Path.Combine(Root, "cgroup.controllers")) && V1Writable.Value
        ? null
        : $"needs writable cgroup v1 memory and cpu hierarchies under {Root} (root on a v1/hybrid host)";

    /// <summary>Null when a cgroup2 mount at <see cref="Unified"/> accepts new groups.</summary>
    public static string? UnifiedSkipReason => UnifiedWritable.Value ? null : $"needs a writable cgroup2 mount at {Unified} (hybrid host, root)";

    public static string NewSliceName() => $"verwalter-test-{Guid.NewGuid():N}.slice";

    public static string V1Scope(string hierarchy, string slice, string scope) => Path.Combine(Root, hierarchy, slice, scope);

    public static IReadOnlyList<int> Procs(string group) =>
        [.. File.ReadAllLines(Path.Combine(group, "cgroup.procs")).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];

    /// <summary>Removes the slice from every hierarchy (and the unified mount), killing what is left in it; waits until the kernel lets go.</summary>
    public static void RemoveSlice(string slice)
    {
        foreach (var hierarchy in V1Hierarchies.Select(h => Path.Combine(Root, h)).Append(Unified))
        {
            var dir = Path.Combine(hierarchy, slice);
            if (Directory.Exists(dir))
            {
                SpinWait.SpinUntil(() => TryRemove(dir), TimeSpan.FromSeconds(10));
            }
        }
    }

    private static bool TryRemove(string dir)
    {
        try
        {
            foreach (var child in Directory.EnumerateDirectories(dir))
            {
                TryRemove(child);
            }

            foreach (var pid in Procs(dir))
            {
                _ = LinuxTestNative.kill(pid, LinuxTestNative.SigKill);
            }

            Directory.Delete(dir);
            return true;
        }
        catch (IOException)
        {
            return !Directory.Exists(dir);
        }
    }

    private static bool CanCreateGroupIn(string hierarchy)
    {
        var probe = Path.Combine(hierarchy, $"verwalter-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
