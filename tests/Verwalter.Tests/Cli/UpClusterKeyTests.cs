using Verwalter.Api.Cli;
using Verwalter.Cluster;

namespace Verwalter.Tests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UpClusterKeyTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("verwalter-up-key-");

    [Fact]
    public void Ensure_NoKeyYet_CreatesAUsableOwnerOnlyKey_ThenReusesIt()
    {
        var dir = Path.Combine(_work.FullName, "fresh");
        var path = UpClusterKey.Ensure(dir);

        Assert.Equal(Path.Combine(dir, UpClusterKey.FileName), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var first = File.ReadAllBytes(path);
        Assert.True(ClusterKey.Load(path).Length >= 32);
        Assert.Equal(path, UpClusterKey.Ensure(dir));
        Assert.Equal(first, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void Ensure_ExistingKeyTooShort_FailsNamingTheFile()
    {
        var path = Path.Combine(_work.FullName, UpClusterKey.FileName);
        File.WriteAllText(path, "short\n");

        var error = Assert.Throws<IOException>(() => UpClusterKey.Ensure(_work.FullName));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("short\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(true, "--cluster-key-file", "/k")]
    [InlineData(true, "--cluster-key-file=/k")]
    [InlineData(false, "--allow-minority-cluster")]
    [InlineData(false)]
    public void GivenIn_DaemonArgs_DetectsAKeyOfTheUsersOwn(bool expected, params string[] args) =>
        Assert.Equal(expected, UpClusterKey.GivenIn(args));

    [Fact]
    public void Build_WithAKeyFile_EveryNodeGetsIt()
    {
        var nodes = UpPlan.Build(3, 8379, "/cfg", "/work", joinSupported: true, ["--allow-minority-cluster"], "/work/cluster.key");

        Assert.All(nodes, n => Assert.Equal("/work/cluster.key", n.DaemonArgs[n.DaemonArgs.ToList().IndexOf("--cluster-key-file") + 1]));
        Assert.All(nodes, n => Assert.Equal("--allow-minority-cluster", n.DaemonArgs[^1]));
        Assert.All(UpPlan.Build(2, 8379, "/cfg", "/work", joinSupported: true), n => Assert.DoesNotContain("--cluster-key-file", n.DaemonArgs));
    }

    public void Dispose() => _work.Delete(recursive: true);
}
