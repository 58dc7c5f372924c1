using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// Where an instance's cgroups go on this host, found once per <c>cgroup-name</c> and
/// <c>cgroup-controllers</c>. v2 when <c>&lt;root&gt;/cgroup.controllers</c> exists (the unified
/// root): one hierarchy, <c>&lt;root&gt;/&lt;cgroup-name&gt;</c>, with the <c>memory</c> and <c>cpu</c>
/// controllers the root offers. Otherwise v1 (spec B.4.5): for each configured controller the
/// hierarchy it is mounted in (<c>name</c> is the named <c>name=systemd</c> one), rooted at PID 1's
/// path in it plus <c>cgroup-name</c>; co-mounted controllers share one hierarchy, and controllers
/// that are not mounted are listed in <see cref="Missing"/>. Only reads the file system, so tests
/// point <c>root</c> at a plain folder.
/// </summary>
internal sealed record CgroupLayout(CgroupVersion Version, string Root, string CgroupName, ImmutableArray<CgroupHierarchy> Hierarchies, ImmutableArray<string> Missing)
{
    private static readonly string[] V2Controllers = ["memory", "cpu"];

    public static CgroupLayout Detect(string root, string cgroupName, IReadOnlyList<string> controllers, Func<string> readProc1Cgroup)
    {
        var unified = Path.Combine(root, "cgroup.controllers");
        return File.Exists(unified)
            ? V2(root, cgroupName, controllers, File.ReadAllText(unified))
            : V1(root, cgroupName, controllers, CgroupNames.ParseProcCgroup(readProc1Cgroup()));
    }

    public static CgroupLayout V2(string root, string cgroupName, IReadOnlyList<string> controllers, string rootControllers)
    {
        var offered = rootControllers.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var wanted = V2Controllers.Where(c => controllers.Contains(c)).ToList();
        var hierarchy = new CgroupHierarchy("unified", Path.Combine(root, cgroupName), [.. wanted.Where(offered.Contains)]);
        return new CgroupLayout(CgroupVersion.V2, root, cgroupName, [hierarchy], [.. wanted.Where(c => !offered.Contains(c))]);
    }

    public static CgroupLayout V1(string root, string cgroupName, IReadOnlyList<string> controllers, ImmutableArray<ProcCgroupLine> pid1)
    {
        var hierarchies = ImmutableArray.CreateBuilder<CgroupHierarchy>();
        var missing = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<int>();
        foreach (var controller in controllers.Distinct(StringComparer.Ordinal))
        {
            var line = controller == "name"
                ? pid1.FirstOrDefault(l => l.NamedHierarchy is not null)
                : pid1.FirstOrDefault(l => l.Controllers.Contains(controller, StringComparer.Ordinal));
            if (line is null || line.Controllers.IsEmpty)
            {
                missing.Add(controller);
                continue;
            }

            if (!seen.Add(line.Id))
            {
                continue;
            }

            var mount = (line.NamedHierarchy is { } named ? [named] : new[] { controller, string.Join(',', line.Controllers) })
                .Select(name => Path.Combine(root, name))
                .FirstOrDefault(Directory.Exists);
            if (mount is null)
            {
                seen.Remove(line.Id);
                missing.Add(controller);
                continue;
            }

            var label = line.NamedHierarchy is { } name ? "name=" + name : string.Join(',', line.Controllers);
            hierarchies.Add(new CgroupHierarchy(label, Path.Combine(mount, line.Path.TrimStart('/'), cgroupName), line.Controllers));
        }

        return new CgroupLayout(CgroupVersion.V1, root, cgroupName, hierarchies.ToImmutable(), missing.ToImmutable());
    }

    public bool Has(string controller) => Hierarchies.Any(h => h.Has(controller));

    /// <summary>The status line: where groups go and which limits are applied.</summary>
    public string Describe()
    {
        if (Hierarchies.IsEmpty)
        {
            return $"no usable cgroup controllers (none of {string.Join(", ", Missing)} is mounted under {Root}): memory-limit and cpu-shares not applied";
        }

        var applied = new List<string>();
        var notApplied = new List<string>();
        (Has("memory") ? applied : notApplied).Add("memory-limit");
        (Has("cpu") ? applied : notApplied).Add("cpu-shares");
        var where = Version == CgroupVersion.V1
            ? $"cgroup v1: groups under {CgroupName} in {string.Join(", ", Hierarchies.Select(h => h.Label))}"
            : $"cgroup v2 at {Root}: groups under {CgroupName}";
        var limits = notApplied.Count == 0
            ? "memory-limit and cpu-shares applied"
            : applied.Count == 0
                ? $"memory-limit and cpu-shares not applied (no memory or cpu controller{(Version == CgroupVersion.V2 ? " offered by the root" : " mounted")})"
                : $"{applied[0]} applied, {notApplied[0]} not applied (no {(notApplied[0] == "memory-limit" ? "memory" : "cpu")} controller{(Version == CgroupVersion.V2 ? " offered by the root" : " mounted")})";
        var missing = Missing.IsEmpty ? string.Empty : $"; not available: {string.Join(", ", Missing)}";
        return $"{where}: {limits}{missing}";
    }

    public bool Equals(CgroupLayout? other) =>
        other is not null && Version == other.Version && Root == other.Root && CgroupName == other.CgroupName
        && Hierarchies.SequenceEqual(other.Hierarchies) && Missing.SequenceEqual(other.Missing);

    public override int GetHashCode() => HashCode.Combine(Version, Root, CgroupName);
}
