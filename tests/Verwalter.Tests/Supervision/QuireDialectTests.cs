using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class QuireDialectTests
{
    private static readonly MasterConfig Master = MasterConfigLoader.Parse("/etc/lithos/master.yaml", string.Empty);

    [Theory]
    [InlineData("1_000", 1000)]
    [InlineData("2k", 2000)]
    [InlineData("3M", 3_000_000)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("2ki", 2048)]
    [InlineData("100Mi", 100L << 20)]
    [InlineData("1Gi", 1L << 30)]
    [InlineData("0x1F", 31)]
    [InlineData("0o755", 493)]
    [InlineData("0b101", 5)]
    [InlineData("-7", -7)]
    public void ParseInteger_QuireNotation_GivesValue(string text, long expected) =>
        Assert.Equal(expected, QuireScalar.ParseInteger(text));

    [Theory]
    [InlineData("12x")]
    [InlineData("0x")]
    [InlineData("0b102")]
    [InlineData("k")]
    public void ParseInteger_NotAnInteger_GivesNull(string text) => Assert.Null(QuireScalar.ParseInteger(text));

    [Fact]
    public void Parse_DashAndUnderscoreSpellings_AreTheSameKey()
    {
        var dashed = SandboxLoader.Parse(Master, "s", "s.yaml", "image-dir: /img\nallow-users: [1]\nallow-groups: [1]\nimage-dir-levels: 2");
        var underscored = SandboxLoader.Parse(Master, "s", "s.yaml", "image_dir: /img\nallow_users: [1]\nallow_groups: [1]\nimage_dir_levels: 2");

        Assert.Equal(dashed.ImageDir, underscored.ImageDir);
        Assert.Equal("/img", underscored.ImageDir);
        Assert.Equal(dashed.AllowUsers.ToArray(), underscored.AllowUsers.ToArray());
        Assert.Equal(2, underscored.ImageDirLevels);
    }

    [Fact]
    public void Parse_BothSpellingsOfOneKey_IsRejectedAsDuplicate()
    {
        var e = Assert.Throws<LithosConfigException>(() =>
            SandboxLoader.Parse(Master, "s", "s.yaml", "image-dir: /a\nimage_dir: /b\nallow-users: [1]\nallow-groups: [1]"));

        Assert.Contains("duplicate key", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Problem.Line);
    }

    [Fact]
    public void Parse_UnknownKey_IsRejectedWithFileLineAndField()
    {
        var e = Assert.Throws<LithosConfigException>(() =>
            SandboxLoader.Parse(Master, "s", "sandboxes/s.yaml", "allow-users: [1]\nallow-groups: [1]\nimage-dri: /x"));

        Assert.Equal("sandboxes/s.yaml", e.Problem.Path);
        Assert.Equal(3, e.Problem.Line);
        Assert.StartsWith("image-dri: unknown key", e.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnderscoreKeysForAnchors_AreIgnored()
    {
        var sandbox = SandboxLoader.Parse(Master, "s", "s.yaml", """
            _users: &users [1000-1010]
            allow-users: *users
            allow-groups: [1]
            """);

        Assert.Equal([new IdRange(1000, 1010)], sandbox.AllowUsers.ToArray());
    }

    [Fact]
    public void Parse_MergeKeys_AreApplied()
    {
        var sandbox = SandboxLoader.Parse(Master, "s", "s.yaml", """
            _common: &common {allow-users: [1], allow-groups: [2]}
            <<: *common
            image-dir: /img
            """);

        Assert.Equal([new IdRange(2, 2)], sandbox.AllowGroups.ToArray());
    }

    [Fact]
    public void Parse_ExplicitNull_MeansTheDefault()
    {
        var sandbox = SandboxLoader.Parse(Master, "s", "s.yaml", "image-dir: ~\ndefault-group: null\nallow-users: [1]\nallow-groups: [1]");

        Assert.Equal("/var/lib/lithos/containers", sandbox.ImageDir);
        Assert.Equal(0, sandbox.DefaultGroup);
    }

    [Fact]
    public void Parse_EmptyMaster_IsValidWithDefaults()
    {
        var master = MasterConfigLoader.Parse("/etc/lithos/master.yaml", string.Empty);

        Assert.Equal("/etc/lithos/sandboxes", master.SandboxesDir);
        Assert.Equal("/etc/lithos/processes", master.ProcessesDir);
        Assert.Equal("/run/lithos/state", master.StateDir);
        Assert.Equal("lithos.slice", master.CgroupName);
        Assert.Equal("/var/log/lithos/config", master.ConfigLogDir);
    }

    [Fact]
    public void Parse_MasterWithExplicitNulls_DisablesThoseFeatures()
    {
        var master = MasterConfigLoader.Parse("/etc/lithos/master.yaml", "cgroup-name: null\nconfig-log-dir: ~\nprocesses_dir: p");

        Assert.Null(master.CgroupName);
        Assert.Null(master.ConfigLogDir);
        Assert.Equal("/etc/lithos/p", master.ProcessesDir);
    }

    [Fact]
    public void Parse_RelativeRuntimeDir_IsRejected()
    {
        var e = Assert.Throws<LithosConfigException>(() => MasterConfigLoader.Parse("/m.yaml", "runtime-dir: run"));

        Assert.Contains("runtime-dir: must be an absolute path", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/evil")]
    [InlineData("../../../tmp/evil")]
    [InlineData("lithos.slice/../x")]
    [InlineData("a//b")]
    public void Parse_CgroupNameLeavingTheHierarchy_IsRejected(string name)
    {
        var e = Assert.Throws<LithosConfigException>(() => MasterConfigLoader.Parse("/m.yaml", $"cgroup-name: \"{name}\""));

        Assert.Contains($"cgroup-name: '{name}' must be a relative path of plain names", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedCgroupName_IsAccepted() =>
        Assert.Equal("system.slice/lithos.slice", MasterConfigLoader.Parse("/m.yaml", "cgroup-name: system.slice/lithos.slice").CgroupName);

    [Fact]
    public void Parse_SandboxWithoutAllowedUsers_IsRejected()
    {
        var e = Assert.Throws<LithosConfigException>(() => SandboxLoader.Parse(Master, "s", "s.yaml", "allow-groups: [1]"));

        Assert.Contains("allow-users", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadRange_NamesTheValue()
    {
        var e = Assert.Throws<LithosConfigException>(() =>
            SandboxLoader.Parse(Master, "s", "s.yaml", "allow-users: [10-5]\nallow-groups: [1]"));

        Assert.Contains("'10-5'", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Problem.Line);
    }

    [Fact]
    public void Parse_SyntaxError_IsLocated()
    {
        var e = Assert.Throws<LithosConfigException>(() => SandboxLoader.Parse(Master, "s", "s.yaml", "allow-users: [1\nallow-groups: {"));

        Assert.Equal("s.yaml", e.Problem.Path);
        Assert.True(e.Problem.Line is not null, e.Message);
    }
}
