using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class ContainerConfigTests
{
    [Fact]
    public void Parse_TaggedVolumes_GiveTheirTypesWithDefaults()
    {
        var config = ContainerConfigLoader.Parse("c.yaml", LithosFixture.DefaultContainer);

        Assert.Equal(new ReadonlyVolume("/config"), config.Volumes["/config"]);
        Assert.Equal(new PersistentVolume("/data", Mkdir: true, Mode: 0x1ED, User: 1000, Group: 0), config.Volumes["/data"]);
        Assert.Equal(new TmpfsVolume(10L << 20, 0x1FF), config.Volumes["/tmp"]);
        Assert.Equal(new StatedirVolume("/", 0x1FF, 0, 0), config.Volumes["/state"]);
    }

    [Fact]
    public void Parse_VolumeShorthandsAndTmpfsDefault_AreAccepted()
    {
        var config = ContainerConfigLoader.Parse("c.yaml", """
            executable: /bin/app
            volumes:
              /data: !Persistent /data
              /run: !Tmpfs
              /state: !Statedir /sub
            """);

        Assert.Equal("/data", Assert.IsType<PersistentVolume>(config.Volumes["/data"]).Path);
        Assert.Equal(100L << 20, Assert.IsType<TmpfsVolume>(config.Volumes["/run"]).Size);
        Assert.Equal("/sub", Assert.IsType<StatedirVolume>(config.Volumes["/state"]).Path);
    }

    [Theory]
    [InlineData("/data: /host/data", "needs a volume tag")]
    [InlineData("/data: !Bind /host", "unknown volume type !Bind")]
    [InlineData("/data: !Readonly relative", "must be an absolute virtual path")]
    [InlineData("/data: !Readonly /a/../../etc", "must be an absolute virtual path")]
    [InlineData("/data: !Tmpfs {size: 1Mi, owner: 0}", "!Tmpfs has size and mode")]
    [InlineData("data: !Tmpfs {}", "mount point must be an absolute path")]
    public void Parse_BadVolume_IsRejectedWithLine(string volume, string reason)
    {
        var e = Assert.Throws<LithosConfigException>(() =>
            ContainerConfigLoader.Parse("c.yaml", $"executable: /bin/app\nvolumes:\n  {volume}"));

        Assert.Equal(3, e.Problem.Line);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_VariableTypes_AreReadFromTags()
    {
        var config = ContainerConfigLoader.Parse("c.yaml", """
            executable: /bin/app
            variables:
              port: !TcpPort
              sock: !TcpPort {activation: systemd}
              name: !Name
              host: !DottedName
              mode: !Choice [a, b]
            """);

        Assert.Equal(new VariableType(VariableKind.TcpPort, [], false), config.Variables["port"]);
        Assert.True(config.Variables["sock"].SystemdActivation);
        Assert.Equal(VariableKind.Name, config.Variables["name"].Kind);
        Assert.Equal(VariableKind.DottedName, config.Variables["host"].Kind);
        Assert.Equal(new VariableType(VariableKind.Choice, ["a", "b"], false), config.Variables["mode"]);
    }

    [Theory]
    [InlineData("port: 8080", "needs a type tag")]
    [InlineData("port: !Port", "unknown variable type !Port")]
    [InlineData("mode: !Choice []", "non-empty list")]
    [InlineData("port: !TcpPort {activation: inetd}", "not a known activation")]
    public void Parse_BadVariableDeclaration_IsRejected(string variable, string reason)
    {
        var e = Assert.Throws<LithosConfigException>(() =>
            ContainerConfigLoader.Parse("c.yaml", $"executable: /bin/app\nvariables:\n  {variable}"));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Defaults_FollowLithos()
    {
        var config = ContainerConfigLoader.Parse("c.yaml", "executable: /bin/app\nmetadata: {anything: [goes]}");

        Assert.Equal(ProcessKind.Daemon, config.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), config.RestartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), config.KillTimeout);
        Assert.Equal(1024, config.FilenoLimit);
        Assert.Equal(1024, config.CpuShares);
        Assert.Equal(long.MaxValue, config.MemoryLimit);
        Assert.Equal("/", config.Workdir);
        Assert.True(config.ResolvConf.CopyFromHost);
        Assert.Null(config.HostsFile.Mount);
        Assert.Empty(config.NormalExitCodes);
    }

    [Fact]
    public void Parse_SameTextTwice_GivesEqualConfigs() =>
        Assert.Equal(
            ContainerConfigLoader.Parse("a.yaml", LithosFixture.DefaultContainer),
            ContainerConfigLoader.Parse("b.yaml", LithosFixture.DefaultContainer));

    [Theory]
    [InlineData("executable: bin/app", "executable: 'bin/app' must be an absolute path")]
    [InlineData("executable: /a\nrestart-timeout: 100000", "restart-timeout: 100000 is outside 0..86400 seconds")]
    [InlineData("executable: /a\nnormal-exit-codes: [300]", "'300' is not an exit code")]
    [InlineData("executable: /a\ntcp-ports: {\"8080\": {fd: 1}}", "fd 1 is stdout/stderr")]
    [InlineData("arguments: []", "executable: is required")]
    public void Parse_InvalidSetting_IsRejected(string yaml, string reason)
    {
        var e = Assert.Throws<LithosConfigException>(() => ContainerConfigLoader.Parse("c.yaml", yaml));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@{lithos:pid}", true)]
    [InlineData(" @{ lithos:pid } ", true)]
    [InlineData("pid=@{lithos:pid}", false)]
    [InlineData("@{lithos:name}", false)]
    public void IsWholePid_OnlyTheWholeValue_Matches(string text, bool expected) =>
        Assert.Equal(expected, VariableSubstitution.IsWholePid(text));

    [Theory]
    [InlineData("--port=@{port}", "--port=8080")]
    [InlineData("@{ port }:@{mode}", "8080:prod")]
    [InlineData("no refs", "no refs")]
    [InlineData("unclosed @{port", "unclosed @{port")]
    [InlineData("@{}x", null)]
    public void TryApply_References_AreSubstituted(string text, string? expected)
    {
        var values = new Dictionary<string, string> { ["port"] = "8080", ["mode"] = "prod" };

        var ok = VariableSubstitution.TryApply(text, values, out var result, out var unknown);

        Assert.Equal(expected is not null, ok);
        if (expected is not null)
        {
            Assert.Equal(expected, result);
        }
        else
        {
            Assert.Equal(string.Empty, unknown);
        }
    }
}
