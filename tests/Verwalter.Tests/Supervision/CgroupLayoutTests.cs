using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class CgroupLayoutTests
{
    private static readonly string[] Defaults = ["name", "cpu", "cpuacct", "memory", "blkio"];

    private const string HybridPid1 = """
        9:name=systemd:/
        8:pids:/
        7:blkio:/
        4:memory:/
        2:cpuacct:/
        1:cpu:/
        0::/
        """;

    [Fact]
    public void Detect_V1SeparateHierarchies_OneGroupPerControllerUnderPid1Path()
    {
        using var fs = FakeCgroupFs.V1("systemd", "cpu", "cpuacct", "memory", "blkio");

        var layout = CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => HybridPid1);

        Assert.Equal(CgroupVersion.V1, layout.Version);
        Assert.Equal(["name=systemd", "cpu", "cpuacct", "memory", "blkio"], layout.Hierarchies.Select(h => h.Label));
        Assert.Equal(Path.Combine(fs.Root, "systemd", "lithos.slice"), layout.Hierarchies[0].SliceDir);
        Assert.Equal(Path.Combine(fs.Root, "memory", "lithos.slice", "app:web.0.scope"), layout.Hierarchies[3].ScopeDir(new InstanceKey("app", "web", 0)));
        Assert.Empty(layout.Missing);
        Assert.Equal(
            "cgroup v1: groups under lithos.slice in name=systemd, cpu, cpuacct, memory, blkio: memory-limit and cpu-shares applied",
            layout.Describe());
    }

    [Fact]
    public void Detect_V1CoMountedAndNested_SharesOneHierarchyAndKeepsPid1Path()
    {
        using var fs = FakeCgroupFs.V1("systemd", "cpu,cpuacct", "memory");
        const string Pid1 = "12:name=systemd:/init.scope\n4:cpu,cpuacct:/host\n3:memory:/host\n";

        var layout = CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => Pid1);

        Assert.Equal(["name=systemd", "cpu,cpuacct", "memory"], layout.Hierarchies.Select(h => h.Label));
        Assert.Equal(Path.Combine(fs.Root, "systemd", "init.scope", "lithos.slice"), layout.Hierarchies[0].SliceDir);
        Assert.Equal(Path.Combine(fs.Root, "cpu,cpuacct", "host", "lithos.slice"), layout.Hierarchies[1].SliceDir);
        Assert.Equal(["blkio"], layout.Missing.ToArray());
        Assert.EndsWith("memory-limit and cpu-shares applied; not available: blkio", layout.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_V1WithoutMemoryMount_SaysMemoryLimitIsNotApplied()
    {
        using var fs = FakeCgroupFs.V1("systemd", "cpu");

        var layout = CgroupLayout.Detect(fs.Root, "lithos.slice", ["name", "cpu", "memory"], () => HybridPid1);

        Assert.Equal(["memory"], layout.Missing.ToArray());
        Assert.Contains("cpu-shares applied, memory-limit not applied (no memory controller mounted)", layout.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NothingMounted_HasNoHierarchies()
    {
        using var fs = FakeCgroupFs.V1();

        var layout = CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => HybridPid1);

        Assert.Empty(layout.Hierarchies);
        Assert.StartsWith("no usable cgroup controllers (none of name, cpu, cpuacct, memory, blkio is mounted", layout.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_UnifiedRoot_IsV2WithTheOfferedControllers()
    {
        using var fs = FakeCgroupFs.V2("cpuset cpu io memory pids");

        var layout = CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => throw new InvalidOperationException("v2 does not read /proc/1/cgroup"));

        Assert.Equal(CgroupVersion.V2, layout.Version);
        var unified = Assert.Single(layout.Hierarchies);
        Assert.Equal(Path.Combine(fs.Root, "lithos.slice"), unified.SliceDir);
        Assert.Equal(["memory", "cpu"], unified.Controllers.ToArray());
        Assert.Equal($"cgroup v2 at {fs.Root}: groups under lithos.slice: memory-limit and cpu-shares applied", layout.Describe());
    }

    [Fact]
    public void Detect_UnifiedRootWithoutMemoryAndCpu_StillPlacesGroupsButAppliesNoLimits()
    {
        using var fs = FakeCgroupFs.V2("hugetlb");

        var layout = CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => string.Empty);

        Assert.Empty(Assert.Single(layout.Hierarchies).Controllers);
        Assert.Equal(["memory", "cpu"], layout.Missing.ToArray());
        Assert.Contains("memory-limit and cpu-shares not applied (no memory or cpu controller offered by the root)", layout.Describe(), StringComparison.Ordinal);
    }
}
