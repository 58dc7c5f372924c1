using Microsoft.Extensions.Logging;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;
using Verwalter.Tests.Reconciliation;

namespace Verwalter.Tests.Supervision.Runtime;

public sealed class CgroupTreeTests
{
    private static readonly InstanceKey Web0 = new("app", "web", 0);
    private static readonly string[] Defaults = ["name", "cpu", "cpuacct", "memory", "blkio"];
    private const string Pid1 = "9:name=systemd:/\n4:memory:/\n2:cpuacct:/\n1:cpu:/\n";

    private readonly ListLogger _log = new();

    [Fact]
    public void Prepare_V1_WritesLimitMemswAndSharesAndReturnsEveryProcsFile()
    {
        using var fs = FakeCgroupFs.V1("systemd", "cpu", "cpuacct", "memory");
        fs.Group("memory/lithos.slice/app:web.0.scope", "cgroup.procs", "memory.limit_in_bytes", "memory.memsw.limit_in_bytes");
        fs.Group("cpu/lithos.slice/app:web.0.scope", "cgroup.procs", "cpu.shares");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => Pid1));

        var procs = tree.Prepare(Web0, Config("memory-limit: 32Mi\ncpu-shares: 512"));

        Assert.Equal("33554432", fs.Read("memory/lithos.slice/app:web.0.scope/memory.limit_in_bytes"));
        Assert.Equal("33554432", fs.Read("memory/lithos.slice/app:web.0.scope/memory.memsw.limit_in_bytes"));
        Assert.Equal("512", fs.Read("cpu/lithos.slice/app:web.0.scope/cpu.shares"));
        Assert.True(fs.Exists("systemd/lithos.slice/app:web.0.scope"));
        Assert.True(fs.Exists("cpuacct/lithos.slice/app:web.0.scope"));
        Assert.Equal(
            ["systemd", "cpu", "cpuacct", "memory"],
            procs.Select(p => Path.GetRelativePath(fs.Root, p).Split('/')[0]));
        Assert.All(procs, p => Assert.EndsWith("/lithos.slice/app:web.0.scope/cgroup.procs", p, StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Prepare_V1WithoutMemsw_SkipsItSilently()
    {
        using var fs = FakeCgroupFs.V1("memory");
        fs.Group("memory/lithos.slice/app:web.0.scope", "memory.limit_in_bytes");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", ["memory"], () => Pid1));

        tree.Prepare(Web0, Config(string.Empty));

        Assert.Equal("-1", fs.Read("memory/lithos.slice/app:web.0.scope/memory.limit_in_bytes"));
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Prepare_V2_EnablesControllersOnThePathAndWritesMaxAndWeight()
    {
        using var fs = FakeCgroupFs.V2("cpuset cpu io memory pids");
        fs.Group("lithos.slice", "cgroup.subtree_control");
        fs.Group("lithos.slice/app:web.0.scope", "cgroup.procs", "memory.max", "memory.swap.max", "cpu.weight");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => string.Empty));

        var procs = tree.Prepare(Web0, Config("memory-limit: 32Mi\ncpu-shares: 512"));

        Assert.Equal("+memory +cpu", fs.Read("cgroup.subtree_control"));
        Assert.Equal("+memory +cpu", fs.Read("lithos.slice/cgroup.subtree_control"));
        Assert.Equal("33554432", fs.Read("lithos.slice/app:web.0.scope/memory.max"));
        Assert.Equal("0", fs.Read("lithos.slice/app:web.0.scope/memory.swap.max"));
        Assert.Equal("20", fs.Read("lithos.slice/app:web.0.scope/cpu.weight"));
        Assert.Equal([Path.Combine(fs.Root, "lithos.slice", "app:web.0.scope", "cgroup.procs")], procs.ToArray());
    }

    [Fact]
    public void Prepare_V2Unlimited_WritesMaxAndLeavesEnabledControllersAlone()
    {
        using var fs = FakeCgroupFs.V2("cpu memory");
        File.WriteAllText(Path.Combine(fs.Root, "cgroup.subtree_control"), "cpu memory\n");
        fs.Group("lithos.slice", "cgroup.subtree_control");
        fs.Group("lithos.slice/app:web.0.scope", "memory.max", "cpu.weight");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => string.Empty));

        tree.Prepare(Web0, Config(string.Empty));

        Assert.Equal("cpu memory\n", fs.Read("cgroup.subtree_control"));
        Assert.Equal("max", fs.Read("lithos.slice/app:web.0.scope/memory.max"));
        Assert.Equal("39", fs.Read("lithos.slice/app:web.0.scope/cpu.weight"));
        Assert.False(File.Exists(Path.Combine(fs.Root, "lithos.slice/app:web.0.scope/memory.swap.max")));
    }

    [Fact]
    public void Prepare_V2WithoutMemoryAndCpu_CreatesTheGroupAndWarnsOnceThatLimitsAreNotApplied()
    {
        using var fs = FakeCgroupFs.V2("hugetlb");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", Defaults, () => string.Empty));

        var procs = tree.Prepare(Web0, Config("memory-limit: 32Mi"));
        tree.Prepare(new InstanceKey("app", "web", 1), Config("memory-limit: 32Mi"));

        Assert.True(fs.Exists("lithos.slice/app:web.0.scope"));
        Assert.Single(procs);
        var warning = Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("sets memory-limit, which cannot be applied", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_RequiredFileMissing_WarnsOnceNamingTheFile()
    {
        using var fs = FakeCgroupFs.V1("memory");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", ["memory"], () => Pid1));

        tree.Prepare(Web0, Config("memory-limit: 1G"));
        tree.Prepare(Web0, Config("memory-limit: 1G"));

        var warning = Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("memory.limit_in_bytes", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_InstanceGroups_RemovesThemDeepestFirstInEveryHierarchy()
    {
        using var fs = FakeCgroupFs.V1("systemd", "memory");
        fs.Group("systemd/lithos.slice/app:web.0.scope/nested");
        fs.Group("memory/lithos.slice/app:web.0.scope");
        fs.Group("memory/lithos.slice/app:web.1.scope");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", ["name", "memory"], () => Pid1));

        Assert.True(tree.Remove(Web0));

        Assert.False(fs.Exists("systemd/lithos.slice/app:web.0.scope"));
        Assert.False(fs.Exists("memory/lithos.slice/app:web.0.scope"));
        Assert.True(fs.Exists("memory/lithos.slice/app:web.1.scope"));
        Assert.True(tree.Remove(Web0));
    }

    [Fact]
    public void Remove_GroupThatCannotBeRemoved_ReturnsFalseAndLogsTheErrno()
    {
        using var fs = FakeCgroupFs.V1("memory");
        fs.Group("memory/lithos.slice/app:web.0.scope", "not-a-cgroup-file");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", ["memory"], () => Pid1));

        Assert.False(tree.Remove(Web0));

        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("errno 39", StringComparison.Ordinal));
    }

    [Fact]
    public void RemoveStale_ScopesOfUnknownInstances_AreRemovedOthersKept()
    {
        using var fs = FakeCgroupFs.V1("memory");
        fs.Group("memory/lithos.slice/app:web.0.scope");
        fs.Group("memory/lithos.slice/app:web.7.scope");
        fs.Group("memory/lithos.slice/old:gone.0.scope");
        fs.Group("memory/lithos.slice/app:cmd.shell.42.scope");
        fs.Group("memory/lithos.slice/something-else");
        var tree = Tree(CgroupLayout.Detect(fs.Root, "lithos.slice", ["memory"], () => Pid1));

        tree.RemoveStale(new HashSet<InstanceKey> { Web0 });

        Assert.True(fs.Exists("memory/lithos.slice/app:web.0.scope"));
        Assert.False(fs.Exists("memory/lithos.slice/app:web.7.scope"));
        Assert.False(fs.Exists("memory/lithos.slice/old:gone.0.scope"));
        Assert.True(fs.Exists("memory/lithos.slice/app:cmd.shell.42.scope"));
        Assert.True(fs.Exists("memory/lithos.slice/something-else"));
    }

    [Fact]
    public void CgroupSupport_CgroupNameNull_DisablesCgroups()
    {
        using var fs = FakeCgroupFs.V1("memory");
        using var lithos = new LithosFixture("cgroup-name: null\nruntime-dir: /run/test");
        var master = MasterConfigLoader.Load(lithos.MasterPath);
        var support = new CgroupSupport(fs.Root, "/nonexistent", new LoggerAdapter<CgroupSupport>(_log));

        var cgroups = support.For(master);

        Assert.IsType<NoCgroups>(cgroups);
        Assert.Equal("cgroups disabled (cgroup-name: null): memory-limit and cpu-shares not applied", cgroups.Description);
        Assert.Empty(cgroups.Prepare(Web0, Config("memory-limit: 1G")));
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning);
    }

    private CgroupTree Tree(CgroupLayout layout) => new(layout, _log);

    private static ContainerConfig Config(string limits) => ContainerConfigLoader.Parse("/test.yaml", "executable: /bin/true\n" + limits);

    private sealed class LoggerAdapter<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
