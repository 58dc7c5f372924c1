using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class CgroupLimitsTests
{
    private static readonly CgroupHierarchy Memory = new("memory", "/cg/memory/lithos.slice", ["memory"]);
    private static readonly CgroupHierarchy Cpu = new("cpu,cpuacct", "/cg/cpu,cpuacct/lithos.slice", ["cpu", "cpuacct"]);
    private static readonly CgroupHierarchy Systemd = new("name=systemd", "/cg/systemd/lithos.slice", ["name=systemd"]);
    private static readonly CgroupHierarchy Unified = new("unified", "/cg/lithos.slice", ["memory", "cpu"]);

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1024, 39)]
    [InlineData(512, 20)]
    [InlineData(262_144, 10_000)]
    [InlineData(0, 1)]
    [InlineData(1_000_000, 10_000)]
    public void Weight_Shares_MapsOntoOneToTenThousand(long shares, long weight)
    {
        Assert.Equal(weight, CgroupLimits.Weight(shares));
    }

    [Fact]
    public void For_V1Limited_WritesLimitMemswAndShares()
    {
        var config = Config("memory-limit: 32Mi\ncpu-shares: 512");

        Assert.Equal(
            [new("memory.limit_in_bytes", "33554432", false), new("memory.memsw.limit_in_bytes", "33554432", true)],
            CgroupLimits.For(CgroupVersion.V1, Memory, config).ToArray());
        Assert.Equal([new CgroupWrite("cpu.shares", "512", false)], CgroupLimits.For(CgroupVersion.V1, Cpu, config).ToArray());
        Assert.Empty(CgroupLimits.For(CgroupVersion.V1, Systemd, config));
    }

    [Fact]
    public void For_V1Unlimited_WritesMinusOne()
    {
        Assert.Equal(
            [new("memory.limit_in_bytes", "-1", false), new("memory.memsw.limit_in_bytes", "-1", true)],
            CgroupLimits.For(CgroupVersion.V1, Memory, Config(string.Empty)).ToArray());
    }

    [Fact]
    public void For_V2Limited_WritesMaxNoSwapAndWeight()
    {
        Assert.Equal(
            [new("memory.max", "33554432", false), new("memory.swap.max", "0", true), new("cpu.weight", "20", false)],
            CgroupLimits.For(CgroupVersion.V2, Unified, Config("memory-limit: 32Mi\ncpu-shares: 512")).ToArray());
    }

    [Fact]
    public void For_V2Unlimited_WritesMaxAndDefaultWeight()
    {
        Assert.Equal(
            [new("memory.max", "max", false), new("memory.swap.max", "max", true), new("cpu.weight", "39", false)],
            CgroupLimits.For(CgroupVersion.V2, Unified, Config(string.Empty)).ToArray());
    }

    [Fact]
    public void Unapplied_LimitsWithoutTheirController_AreListed()
    {
        var config = Config("memory-limit: 1G\ncpu-shares: 100");

        Assert.Equal(["memory-limit", "cpu-shares"], CgroupLimits.Unapplied([Systemd], config));
        Assert.Equal(["cpu-shares"], CgroupLimits.Unapplied([Memory], config));
        Assert.Empty(CgroupLimits.Unapplied([Systemd], Config(string.Empty)));
    }

    private static ContainerConfig Config(string limits) => ContainerConfigLoader.Parse("/test.yaml", "executable: /bin/true\n" + limits);
}
