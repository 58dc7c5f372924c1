using System.Collections.Immutable;
using System.Globalization;

namespace Verwalter.Supervision;

/// <summary>
/// Which files an instance's limits are written to, and what goes in them (pure). v1, as lithos's
/// knot (spec B.4.1 step 8): <c>memory.limit_in_bytes</c>, <c>memory.memsw.limit_in_bytes</c> set to
/// the same value (so no swap on top; only where the file exists) and <c>cpu.shares</c>. v2:
/// <c>memory.max</c>, <c>memory.swap.max</c> = 0 for a limited instance (the memsw equivalent; only
/// where swap accounting exists) and <c>cpu.weight</c> from the shares. The unlimited default
/// (i64 max) is <c>-1</c> on v1 and <c>max</c> on v2.
/// </summary>
internal static class CgroupLimits
{
    public const long Unlimited = long.MaxValue;

    public const long DefaultShares = 1024;

    /// <summary>
    /// cgroup v1 <c>cpu.shares</c> (2–262144) to v2 <c>cpu.weight</c> (1–10000), the mapping runc
    /// and systemd use: 1 + (shares − 2) × 9999 / 262142, so 2 → 1, 1024 → 39, 262144 → 10000.
    /// </summary>
    public static long Weight(long shares) => Math.Clamp(1 + ((Math.Clamp(shares, 2, 262_144) - 2) * 9999 / 262_142), 1, 10_000);

    /// <summary>The writes for one hierarchy, in order; <see cref="CgroupWrite.Optional"/> ones are skipped when the file is absent.</summary>
    public static ImmutableArray<CgroupWrite> For(CgroupVersion version, CgroupHierarchy hierarchy, ContainerConfig config)
    {
        var writes = ImmutableArray.CreateBuilder<CgroupWrite>();
        var limited = config.MemoryLimit != Unlimited;
        if (hierarchy.Has("memory"))
        {
            if (version == CgroupVersion.V1)
            {
                var bytes = limited ? Text(config.MemoryLimit) : "-1";
                writes.Add(new CgroupWrite("memory.limit_in_bytes", bytes, Optional: false));
                writes.Add(new CgroupWrite("memory.memsw.limit_in_bytes", bytes, Optional: true));
            }
            else
            {
                writes.Add(new CgroupWrite("memory.max", limited ? Text(config.MemoryLimit) : "max", Optional: false));
                writes.Add(new CgroupWrite("memory.swap.max", limited ? "0" : "max", Optional: true));
            }
        }

        if (hierarchy.Has("cpu"))
        {
            writes.Add(version == CgroupVersion.V1
                ? new CgroupWrite("cpu.shares", Text(config.CpuShares), Optional: false)
                : new CgroupWrite("cpu.weight", Text(Weight(config.CpuShares)), Optional: false));
        }

        return writes.ToImmutable();
    }

    /// <summary>The limits an instance sets that no hierarchy can apply (for the one warning).</summary>
    public static IEnumerable<string> Unapplied(IReadOnlyCollection<CgroupHierarchy> hierarchies, ContainerConfig config)
    {
        if (config.MemoryLimit != Unlimited && !hierarchies.Any(h => h.Has("memory")))
        {
            yield return "memory-limit";
        }

        if (config.CpuShares != DefaultShares && !hierarchies.Any(h => h.Has("cpu")))
        {
            yield return "cpu-shares";
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
