using System.Collections.Immutable;
using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class DesiredProcessSetTests : IDisposable
{
    private readonly LithosFixture _tree = new LithosFixture().WithSandbox("s");

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Build_ThreeInstances_GivesKeysByIndexWithOneIdentity()
    {
        _tree.WriteProcesses("s", LithosFixture.Web(3));

        var desired = _tree.Desired();

        Assert.Empty(desired.Problems);
        Assert.Equal(["s/web.0", "s/web.1", "s/web.2"], desired.Instances.Keys.Select(k => k.ToString()));
        var identity = desired.Instances.Values.Select(i => i.Identity).Distinct().Single();
        Assert.Equal("""{"instances":1,"image":"app/v1","config":"/config.yaml","variables":{"mode":"prod","port":"8080"},"kind":"Daemon"}""", identity.ToJson());
    }

    [Fact]
    public void Build_Instance_SubstitutesVariablesAndBuiltins()
    {
        _tree.WriteProcesses("s", LithosFixture.Web(2));

        var container = _tree.Desired().Instances[new InstanceKey("s", "web", 1)].Container;

        Assert.Equal(["--port", "8080", "--name", "s/web.1"], container.Arguments.ToArray());
        Assert.Equal("prod", container.Environ["MODE"]);
        Assert.Equal("@{lithos:pid}", container.Environ["PID"]);
        Assert.Equal(1000, container.UserId);
        Assert.Equal(100, container.GroupId);
    }

    [Fact]
    public void Build_TcpPortKeysAndActivation_AreResolved()
    {
        _tree.Containers.Add("app/v1", "/sock.yaml", """
            executable: /bin/app
            variables:
              port: !TcpPort {activation: systemd}
              admin: !TcpPort
            tcp-ports: {"@{admin}": {fd: 4}}
            """);
        _tree.WriteProcesses("s", """web: {image: app/v1, config: /sock.yaml, variables: {port: "8080", admin: "8081"}}""");

        var desired = _tree.Desired();
        Assert.Empty(desired.Problems);
        var container = desired.Instances.Values.Single().Container;

        Assert.Equal(4, container.TcpPorts[8081].Fd);
        Assert.Equal(8080, container.ActivationPorts["port"]);
    }

    [Fact]
    public void Build_CommandEntries_AreCheckedButNotStarted()
    {
        _tree.Containers.Add("app/v1", "/cmd.yaml", "kind: Command\nexecutable: /bin/migrate");
        _tree.WriteProcesses("s", "migrate: {kind: Command, image: app/v1, config: /cmd.yaml}\n" + LithosFixture.Web(1));

        var desired = _tree.Desired();

        Assert.Empty(desired.Problems);
        Assert.Equal(["s/web.0"], desired.Instances.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public void Build_OneBadEntry_FailsOnlyItsSandbox()
    {
        _tree.WithSandbox("t");
        _tree.WriteProcesses("s", LithosFixture.Web(1) + "\nbad: {image: app/v1, config: /config.yaml}");
        _tree.WriteProcesses("t", LithosFixture.Web(2));

        var desired = _tree.Desired();

        Assert.Equal(["s"], desired.FailedSandboxes);
        Assert.Equal(["t/web.0", "t/web.1"], desired.Instances.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public void Build_SameFilesTwice_GiveEqualSets() => Assert.Equal(Build(2), Build(2));

    [Fact]
    public void Identity_EqualContentInDifferentCollections_IsEqual()
    {
        InstanceIdentity Make(string port) => new(
            "app/v1", "/c.yaml",
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("port", port)]),
            ["ns"], null, ProcessKind.Daemon);

        Assert.Equal(Make("1"), Make("1"));
        Assert.Equal(Make("1").GetHashCode(), Make("1").GetHashCode());
        Assert.NotEqual(Make("1"), Make("2"));
        Assert.NotEqual(Make("1"), Make("1") with { ExtraSecretsNamespaces = ["other"] });
        Assert.NotEqual(Make("1"), Make("1") with { Image = "app/v2" });
        Assert.NotEqual(Make("1"), Make("1") with { Kind = ProcessKind.Command });
    }

    [Fact]
    public void InstanceKey_ParseAndOrder_UseNumericIndex()
    {
        var keys = new[] { "s/web.10", "s/web.2", "a/x.0" }.Select(InstanceKey.Parse).Order().Select(k => k.ToString());

        Assert.Equal(["a/x.0", "s/web.2", "s/web.10"], keys);
        Assert.Throws<FormatException>(() => InstanceKey.Parse("web.1"));
    }

    private DesiredProcessSet Build(int instances)
    {
        _tree.WriteProcesses("s", LithosFixture.Web(instances));
        return _tree.Desired();
    }
}
