using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class LithosCheckTests : IDisposable
{
    private readonly LithosFixture _tree = new LithosFixture("runtime-dir: /run/test").WithSandbox("s");

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Run_TcpPortsAndSystemdActivation_AreNoLongerReported()
    {
        _tree.Containers.Add("app/v1", "/sock.yaml", """
            executable: /bin/app
            variables:
              web: !TcpPort {activation: systemd}
            tcp-ports: {"8081": {fd: 4}, "8082": {fd: 0, host: 127.0.0.1, reuse-port: true}}
            """);
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /sock.yaml, variables: {web: \"8080\"}}");

        Assert.Empty(LithosCheck.Run(_tree.MasterPath, null, null, _tree.Containers));
    }

    [Fact]
    public void Run_BridgedSandboxWithPorts_IsStillReported()
    {
        _tree.WithSandbox("s", LithosFixture.DefaultSandbox + "\nbridged-network: {bridge: br0, network: 10.0.0.0/24}");
        _tree.Containers.Add("app/v1", "/sock.yaml", "executable: /bin/app\ntcp-ports: {\"8081\": {fd: 3}}");
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /sock.yaml, ip-addresses: [10.0.0.2]}");

        var problem = Assert.Single(LithosCheck.Run(_tree.MasterPath, null, null, _tree.Containers));

        Assert.Contains("bridged-network", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tcp-ports", problem.Message, StringComparison.Ordinal);
    }
}
