using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class ImageContainerConfigReaderTests : IDisposable
{
    private static readonly MasterConfig Master = MasterConfigLoader.Parse("/etc/lithos/master.yaml", string.Empty);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-image-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Read_AbsoluteSymlinkInsideImage_StaysInsideTheImage()
    {
        var image = Directory.CreateDirectory(Path.Combine(_dir.FullName, "app", "etc"));
        File.WriteAllText(Path.Combine(image.FullName, "real.yaml"), "executable: /bin/inside");
        File.CreateSymbolicLink(Path.Combine(image.FullName, "link.yaml"), "/etc/real.yaml");
        File.WriteAllText(Path.Combine(_dir.FullName, "outside.yaml"), "executable: /bin/outside");
        File.CreateSymbolicLink(Path.Combine(image.FullName, "escape.yaml"), "../../../outside.yaml");

        var reader = new ImageContainerConfigReader();

        Assert.Equal("/bin/inside", reader.Read(Sandbox(), "app", "/etc/link.yaml").Executable);
        Assert.Throws<LithosConfigException>(() => reader.Read(Sandbox(), "app", "/etc/escape.yaml"));
    }

    [Fact]
    public void Read_MissingFile_IsAConfigProblem()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "app"));

        var e = Assert.Throws<LithosConfigException>(() => new ImageContainerConfigReader().Read(Sandbox(), "app", "/nope.yaml"));

        Assert.Contains("cannot read the container config", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BridgedSandbox_NeedsOneAddressPerInstanceInsideTheNetwork()
    {
        using var tree = new LithosFixture().WithSandbox("b", LithosFixture.DefaultSandbox + """

            bridged-network: {bridge: br0, network: 10.0.0.0/24}
            """);
        tree.WriteProcesses("b", LithosFixture.Web(2) + "\n  ip-addresses: [10.0.0.5, 10.0.1.5]");

        var problems = tree.Desired().Problems.Select(p => p.Message).ToList();

        Assert.Equal(["web.ip-addresses: 10.0.1.5 is not inside the sandbox network 10.0.0.0/24"], problems);
    }

    [Fact]
    public void Build_IpAddressesWithoutBridge_AreRejected()
    {
        using var tree = new LithosFixture().WithSandbox("s");
        tree.WriteProcesses("s", LithosFixture.Web(1) + "\n  ip-addresses: [10.0.0.5]");

        var problem = Assert.Single(tree.Desired().Problems);

        Assert.Equal("web.ip-addresses: are only allowed in a sandbox with a bridged-network", problem.Message);
    }

    private SandboxDefinition Sandbox() =>
        SandboxLoader.Parse(Master, "s", "s.yaml", $"image-dir: {_dir.FullName}\nallow-users: [1]\nallow-groups: [1]");
}
