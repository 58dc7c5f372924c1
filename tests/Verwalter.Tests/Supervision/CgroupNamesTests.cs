using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class CgroupNamesTests
{
    [Fact]
    public void Scope_Instance_IsLithosScopeName()
    {
        Assert.Equal("app:web.3.scope", CgroupNames.Scope(new InstanceKey("app", "web", 3)));
    }

    [Theory]
    [InlineData("app:web.0.scope", "app/web.0")]
    [InlineData("my-box:worker_1.12.scope", "my-box/worker_1.12")]
    public void ParseScope_InstanceScope_GivesItsKey(string name, string key)
    {
        Assert.Equal(InstanceKey.Parse(key), CgroupNames.ParseScope(name));
    }

    [Theory]
    [InlineData("app:cmd.shell.1234.scope")]
    [InlineData("app:web.scope")]
    [InlineData("web.0.scope")]
    [InlineData("app:web.0")]
    [InlineData("cgroup.procs")]
    public void ParseScope_AnythingElse_IsNull(string name)
    {
        Assert.Null(CgroupNames.ParseScope(name));
    }

    [Fact]
    public void ParseProcCgroup_HybridHost_ListsEachHierarchyWithItsControllersAndPath()
    {
        var lines = CgroupNames.ParseProcCgroup("""
            12:name=systemd:/init.scope
            4:cpu,cpuacct:/
            3:memory:/system.slice
            0::/init.scope
            garbage
            """);

        Assert.Equal(4, lines.Length);
        Assert.Equal("systemd", lines[0].NamedHierarchy);
        Assert.Equal("/init.scope", lines[0].Path);
        Assert.Equal(["cpu", "cpuacct"], lines[1].Controllers.ToArray());
        Assert.Null(lines[1].NamedHierarchy);
        Assert.Equal("/system.slice", lines[2].Path);
        Assert.Empty(lines[3].Controllers);
    }
}
