using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision.Runtime;

public sealed class BwrapCommandBuilderTests : IDisposable
{
    private static readonly BwrapTools Tools = new("/p/prlimit", "/p/setpriv", "/p/bwrap");

    private readonly LithosFixture _tree = new LithosFixture("runtime-dir: /run/test\nstdio-log-dir: /var/log/test").WithSandbox("s");

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Build_DefaultContainer_MapsUserLimitsVolumesAndEnvironment()
    {
        var (tree, instance) = Instance();

        var spec = BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools);
        var args = string.Join(' ', spec.Arguments);

        Assert.Equal("/p/prlimit", spec.Program);
        Assert.StartsWith("/p/prlimit --nofile=1024:1024 -- /p/setpriv --reuid=1000 --regid=100 --clear-groups -- /p/bwrap --unshare-pid --unshare-ipc --unshare-uts --unshare-user --uid 1000 --gid 100 --ro-bind /images/app/v1 / --dev /dev --proc /proc", args, StringComparison.Ordinal);
        Assert.Contains("--perms 0777 --size 10485760 --tmpfs /tmp", args, StringComparison.Ordinal);
        Assert.Contains("--bind /var/lib/app /data", args, StringComparison.Ordinal);
        Assert.Contains("--ro-bind /etc/app /config", args, StringComparison.Ordinal);
        Assert.Contains("--bind /run/test/state/s/web.1 /state", args, StringComparison.Ordinal);
        Assert.Contains("--chdir / --clearenv --setenv LITHOS_CONFIG /config.yaml --setenv LITHOS_NAME s/web.1 --setenv MODE prod --setenv PID 2 -- /bin/app --port 8080 --name s/web.1", args, StringComparison.Ordinal);
        Assert.DoesNotContain("--die-with-parent", args, StringComparison.Ordinal);
        Assert.Equal("/var/log/test/s.log", spec.OutputPath);
        Assert.Equal([new DirectoryToCreate("/var/lib/app", 0b111_101_101, 1000, 0), new DirectoryToCreate("/run/test/state/s/web.1", 0b111_111_111, 0, 0)], spec.Directories.ToArray());
    }

    [Fact]
    public void Build_VolumesMountParentsFirst()
    {
        _tree.Containers.Add("app/v1", "/nested.yaml", """
            executable: /bin/app
            volumes:
              /data/cache: !Tmpfs {}
              /data: !Persistent /data
            """);
        var (tree, instance) = Instance("web: {image: app/v1, config: /nested.yaml}");

        var args = BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools).Arguments.ToList();

        Assert.True(args.IndexOf("/data") < args.IndexOf("/data/cache"));
    }

    [Fact]
    public void Build_RootUser_RunsWithoutUserNamespace()
    {
        _tree.WithSandbox("s", LithosFixture.DefaultSandbox.Replace("allow-users: [1000-1999]", "allow-users: [0]", StringComparison.Ordinal).Replace("default-user: 1000", "default-user: 0", StringComparison.Ordinal));
        _tree.Containers.Add("app/v1", "/root.yaml", "executable: /bin/app");
        var (tree, instance) = Instance("web: {image: app/v1, config: /root.yaml}");

        var args = BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools).Arguments;

        Assert.DoesNotContain("--unshare-user", args);
        Assert.Contains("--reuid=0", args);
    }

    [Theory]
    [InlineData("secret-environ: {A: v2:x}", "secret")]
    [InlineData("uid-map: [{inside: 0, outside: 1000, count: 1}]\ngid-map: [{inside: 0, outside: 100, count: 1}]\nuser-id: 0\ngroup-id: 0", "uid-map")]
    public void Build_FeatureBubblewrapCannotGive_IsRefusedByName(string setting, string named)
    {
        _tree.Containers.Add("app/v1", "/x.yaml", "executable: /bin/app\n" + setting);
        var (tree, instance) = Instance("web: {image: app/v1, config: /x.yaml}");

        var error = Assert.Throws<SandboxUnsupportedException>(() => BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Build_SetuidBwrapWithLithosPid_IsRefusedNamingIt()
    {
        var bwrap = Path.Combine(_tree.Root, "bwrap");
        File.WriteAllText(bwrap, "");
        File.SetUnixFileMode(bwrap, (UnixFileMode)0b100_111_101_101);
        var (tree, instance) = Instance();

        var error = Assert.Throws<SandboxUnsupportedException>(() => BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools with { Bwrap = bwrap }));

        Assert.Contains($"need a bwrap that is not setuid ({bwrap} is)", error.Message, StringComparison.Ordinal);
        File.SetUnixFileMode(bwrap, (UnixFileMode)0b111_101_101);
        Assert.StartsWith("/p/prlimit", BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools with { Bwrap = bwrap }).Program, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BridgedSandbox_IsRefused()
    {
        _tree.WithSandbox("s", LithosFixture.DefaultSandbox + "\nbridged-network: {bridge: br0, network: 10.0.0.0/24}");
        _tree.Containers.Add("app/v1", "/x.yaml", "executable: /bin/app");
        var (tree, instance) = Instance("web: {image: app/v1, config: /x.yaml, ip-addresses: [10.0.0.2]}");

        var error = Assert.Throws<SandboxUnsupportedException>(() => BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools));

        Assert.Contains("bridged-network", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/config", true, "/etc/app")]
    [InlineData("/config/sub/file", true, "/etc/app/sub/file")]
    [InlineData("/data/x", true, "/var/lib/app/x")]
    [InlineData("/data/x", false, "/var/lib/app/x")]
    public void Resolve_VirtualPath_GoesThroughTheSandboxMaps(string path, bool readOnly, string host)
    {
        var (tree, _) = Instance();

        Assert.Equal(host, BwrapCommandBuilder.Resolve(tree.Sandboxes["s"], path, readOnly, "/m"));
    }

    [Theory]
    [InlineData("/config", false)]
    [InlineData("/configs", true)]
    [InlineData("/other", true)]
    public void Resolve_UnmappedPath_IsRefused(string path, bool readOnly)
    {
        var (tree, _) = Instance();

        Assert.Throws<SandboxUnsupportedException>(() => BwrapCommandBuilder.Resolve(tree.Sandboxes["s"], path, readOnly, "/m"));
    }

    [Fact]
    public void Build_StdoutStderrFileInPersistentVolume_IsOpenedOnTheHost()
    {
        _tree.Containers.Add("app/v1", "/log.yaml", "executable: /bin/app\nstdout-stderr-file: /data/log/out.log\nvolumes:\n  /data: !Persistent /data");
        var (tree, instance) = Instance("web: {image: app/v1, config: /log.yaml}");

        Assert.Equal("/var/lib/app/log/out.log", BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, Tools).OutputPath);
    }

    private (LithosConfigTree Tree, DesiredInstance Instance) Instance(string? processes = null)
    {
        _tree.WriteProcesses("s", processes ?? LithosFixture.Web(2));
        var tree = _tree.Load();
        var desired = DesiredProcessSetBuilder.Build(tree, _tree.Containers);
        Assert.Empty(desired.Problems);
        return (tree, desired.Instances.Values.Last());
    }
}
