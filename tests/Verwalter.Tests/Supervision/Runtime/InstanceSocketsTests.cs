using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision.Runtime;

public sealed class InstanceSocketsTests : IDisposable
{
    private const string Sockets = """
        executable: /bin/app
        variables:
          web: !TcpPort {activation: systemd}
          api: !TcpPort {activation: systemd}
          admin: !TcpPort
        tcp-ports:
          "@{admin}": {fd: 0, host: 127.0.0.1, listen-backlog: 16, reuse-addr: false, reuse-port: true, set-non-block: true}
          "8085": {fd: 7}
        """;

    private readonly LithosFixture _tree = new LithosFixture("runtime-dir: /run/test").WithSandbox("s");

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Of_ActivationAndTcpPorts_ActivationAlphabeticalFromFd3ThenExplicitFds()
    {
        var sockets = InstanceSockets.Of(Instance(Sockets).Container);

        Assert.Equal(
            [
                new SocketBinding(3, "0.0.0.0", 8081, 128, ReuseAddr: true, ReusePort: false, NonBlock: false),
                new SocketBinding(4, "0.0.0.0", 8080, 128, ReuseAddr: true, ReusePort: false, NonBlock: false),
                new SocketBinding(0, "127.0.0.1", 8082, 16, ReuseAddr: false, ReusePort: true, NonBlock: true),
                new SocketBinding(7, "0.0.0.0", 8085, 128, ReuseAddr: true, ReusePort: false, NonBlock: false),
            ],
            sockets.ToArray());
        Assert.Equal(8, InstanceSockets.StatusFd(sockets));
    }

    [Fact]
    public void ActivationEnvironment_TwoVariables_CountNamesInFdOrderAndCommandPid()
    {
        var environment = InstanceSockets.ActivationEnvironment(Instance(Sockets).Container, BwrapCommandBuilder.CommandPid);

        Assert.Equal(
            [KeyValuePair.Create("LISTEN_FDS", "2"), KeyValuePair.Create("LISTEN_FDNAMES", "api:web"), KeyValuePair.Create("LISTEN_PID", "2")],
            environment.ToArray());
    }

    [Fact]
    public void ActivationEnvironment_NoActivation_IsEmpty()
    {
        var container = Instance("executable: /bin/app\nvariables:\n  port: !TcpPort\ntcp-ports: {\"@{port}\": {fd: 3}}").Container;

        Assert.Empty(InstanceSockets.ActivationEnvironment(container, "2"));
        Assert.Equal(4, InstanceSockets.StatusFd(InstanceSockets.Of(container)));
    }

    [Fact]
    public void Build_WithSockets_StatusFdAboveThemAndListenVariablesSet()
    {
        var (tree, instance) = (_tree.Load(), Instance(Sockets));

        var spec = BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, new BwrapTools("/p/prlimit", "/p/setpriv", "/p/bwrap"));
        var args = string.Join(' ', spec.Arguments);

        Assert.Contains("--json-status-fd 8 ", args, StringComparison.Ordinal);
        Assert.Contains("--setenv LISTEN_FDNAMES api:web --setenv LISTEN_FDS 2 --setenv LISTEN_PID 2 --", args, StringComparison.Ordinal);
        Assert.Equal(8, spec.StatusFd);
        Assert.Equal(InstanceSockets.Of(instance.Container).ToArray(), spec.Sockets.ToArray());
    }

    [Fact]
    public void Build_NoSockets_StatusFdStays3()
    {
        var (tree, instance) = (_tree.Load(), Instance("executable: /bin/app"));

        var spec = BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes["s"], instance, new BwrapTools("/p/prlimit", "/p/setpriv", "/p/bwrap"));

        Assert.Contains("--json-status-fd 3 ", string.Join(' ', spec.Arguments), StringComparison.Ordinal);
        Assert.Empty(spec.Sockets);
        Assert.DoesNotContain("LISTEN_FDS", spec.Arguments);
    }

    private DesiredInstance Instance(string container)
    {
        _tree.Containers.Add("app/v1", "/sock.yaml", container);
        var variables = container.Contains("api:", StringComparison.Ordinal) ? "{web: \"8080\", api: \"8081\", admin: \"8082\"}"
            : container.Contains("port:", StringComparison.Ordinal) ? "{port: \"8082\"}" : "{}";
        _tree.WriteProcesses("s", $"web: {{image: app/v1, config: /sock.yaml, variables: {variables}}}");
        var desired = _tree.Desired();
        Assert.Empty(desired.Problems);
        return desired.Instances.Values.Single();
    }
}
