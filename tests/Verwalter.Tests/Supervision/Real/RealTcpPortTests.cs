using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// <c>tcp-ports</c> and systemd socket activation with real sandboxes: the supervisor binds the port
/// in the host namespace, hands the socket to the command on its fd (bwrap passes it through),
/// keeps it open across restarts and shares it between instances, closes it when no instance uses
/// it, and takes it back from an adopted container after its own restart. busybox's <c>nc</c>
/// cannot accept on an inherited fd, so the commands only hold the socket; the host connects (the
/// kernel accepts into the backlog) and compares socket inodes.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class RealTcpPortTests : IDisposable
{
    private const string Holder = "exec sleep 1000";

    private readonly RealTree _tree = new(allowTcpPorts: "1024-65535");
    private readonly int _port = ListeningSockets.FreePort();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task TcpPorts_PortVariableOnFd3_CommandHoldsListeningSocketHostConnects()
    {
        await using var supervisor = StartPortContainer(instances: 1, restartTimeout: 1);
        var pids = await supervisor.WaitRunningAsync(_tree, "app/web.0");
        var command = await CommandAsync(pids["app/web.0"]);

        var inode = await SocketOnFd3Async(command);
        Assert.Equal(inode, ListeningSockets.ListeningInode(_port));
        Assert.True(await ListeningSockets.ConnectsAsync(_port), $"connect to {_port}");
        Assert.True(ListeningSockets.Holds(supervisor.Pid, inode), "the supervisor keeps its own copy of the socket");
        Assert.Null(ListeningSockets.Inode(command, 4));
        Assert.Equal(0, await supervisor.StopAsync());
        Assert.False(await ListeningSockets.ConnectsAsync(_port), "the port is closed after the supervisor stopped");
    }

    [Fact]
    public async Task TcpPorts_CommandKilled_PortKeepsAcceptingWhileDownAndRestartGetsSameSocket()
    {
        await using var supervisor = StartPortContainer(instances: 1, restartTimeout: 4);
        var pids = await supervisor.WaitRunningAsync(_tree, "app/web.0");
        var command = await CommandAsync(pids["app/web.0"]);
        var inode = await SocketOnFd3Async(command);

        Assert.Equal(0, LinuxTestNative.kill(command, LinuxTestNative.SigKill));
        await supervisor.WaitForAsync(_tree, s => s.Instances.Single() is { State: "waiting", Restarts: 1 }, "web.0 down, waiting out restart-timeout");
        Assert.True(await ListeningSockets.ConnectsAsync(_port), "the port accepts while the instance is down");
        Assert.Equal(inode, ListeningSockets.ListeningInode(_port));

        var status = await supervisor.WaitForAsync(_tree, s => s.Instances.Single() is { State: "running", Restarts: 1 }, "web.0 restarted");
        var restarted = await CommandAsync(status.Instances.Single().Pid!.Value);
        Assert.Equal(inode, await SocketOnFd3Async(restarted));
        Assert.True(await ListeningSockets.ConnectsAsync(_port));
    }

    [Fact]
    public async Task TcpPorts_TwoInstancesSamePort_ShareOneSocket()
    {
        await using var supervisor = StartPortContainer(instances: 2, restartTimeout: 1);
        var pids = await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1");

        var first = await SocketOnFd3Async(await CommandAsync(pids["app/web.0"]));
        var second = await SocketOnFd3Async(await CommandAsync(pids["app/web.1"]));

        Assert.Equal(first, second);
        Assert.Equal(first, ListeningSockets.ListeningInode(_port));
        Assert.True(await ListeningSockets.ConnectsAsync(_port));
    }

    [Fact]
    public async Task TcpPorts_ScaledToZero_PortIsClosed()
    {
        await using var supervisor = StartPortContainer(instances: 2, restartTimeout: 1);
        await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1");
        Assert.True(await ListeningSockets.ConnectsAsync(_port));

        var run = await CliRun.RunAsync("switch", "app", _tree.Candidate("{}\n"), "--config", _tree.MasterPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        await supervisor.WaitForAsync(_tree, s => s.Instances.Count == 0, "both instances retired");

        await Eventually.WaitAsync(() => Task.FromResult(ListeningSockets.ListeningInode(_port) is null), SupervisorProcess.Timeout, "no LISTEN socket on the port");
        Assert.False(await ListeningSockets.ConnectsAsync(_port), "connect refused once no instance uses the port");
    }

    [Fact]
    public async Task Activation_SystemdVariable_GetsFd3AndListenEnvironmentWithCommandPid()
    {
        _tree.Image("busybox", RealTree.ShellContainer(
            "echo \"$LISTEN_FDS $LISTEN_FDNAMES $LISTEN_PID $$\" > /data/listen; exec sleep 1000",
            variables: "  web: !TcpPort {activation: systemd}\n"));
        _tree.WriteProcesses(Processes(1, "web"));
        await using var supervisor = SupervisorProcess.Start(_tree);
        var pids = await supervisor.WaitRunningAsync(_tree, "app/web.0");
        var listen = Path.Combine(_tree.DataDir, "listen");
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(listen) && File.ReadAllText(listen).EndsWith('\n')), SupervisorProcess.Timeout, "the command to write its LISTEN_* variables");

        var fields = File.ReadAllText(listen).Split(' ', StringSplitOptions.TrimEntries);
        Assert.Equal(["1", "web", fields[3], fields[3]], fields);
        Assert.Equal("2", fields[2]);
        var inode = await SocketOnFd3Async(await CommandAsync(pids["app/web.0"]));
        Assert.Equal(inode, ListeningSockets.ListeningInode(_port));
        Assert.True(await ListeningSockets.ConnectsAsync(_port));
    }

    [Fact]
    public async Task TcpPorts_SupervisorSigKilledAndRestarted_TakesSocketBackAndRestartGetsSameSocket()
    {
        Dictionary<string, int> pids;
        string inode;
        await using (var first = StartPortContainer(instances: 1, restartTimeout: 3))
        {
            pids = await first.WaitRunningAsync(_tree, "app/web.0");
            inode = await SocketOnFd3Async(await CommandAsync(pids["app/web.0"]));
            first.SigKill();
        }

        await using var second = SupervisorProcess.Start(_tree);
        await second.WaitForAsync(_tree, s => s.Instances.SingleOrDefault() is { State: "running", Adopted: true }, "web.0 adopted");
        Assert.True(ListeningSockets.Holds(second.Pid, inode), $"the new supervisor took the socket back\n{second.Output}");

        var command = await CommandAsync(pids["app/web.0"]);
        Assert.Equal(0, LinuxTestNative.kill(command, LinuxTestNative.SigKill));
        await Eventually.WaitAsync(() => Task.FromResult(!ContainerProcesses.Alive(command)), SupervisorProcess.Timeout, "the adopted command to die");
        Assert.True(await ListeningSockets.ConnectsAsync(_port), "the port accepts while the adopted instance restarts");

        var status = await second.WaitForAsync(_tree, s => s.Instances.Single() is { State: "running", Restarts: 1 }, "web.0 restarted by the new supervisor");
        Assert.Equal(inode, await SocketOnFd3Async(await CommandAsync(status.Instances.Single().Pid!.Value)));
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task TcpPorts_PortHeldBySomeoneElse_InstanceNotStartedReasonNamesPortOthersRun()
    {
        var busy = new TcpListener(IPAddress.Any, ListeningSockets.FreePort());
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port;
        try
        {
            _tree.Image("busybox", RealTree.ShellContainer(Holder, variables: "  port: !TcpPort\n", extra: "tcp-ports: {\"@{port}\": {fd: 3}}"));
            _tree.WriteProcesses($"{Processes(1, "port")}blocked: {{image: busybox, config: /config.yaml, variables: {{port: \"{Text(busyPort)}\"}}}}\n");
            await using var supervisor = SupervisorProcess.Start(_tree, new Dictionary<string, string>
            {
                ["Verwalter__Supervisor__BackoffBase"] = "00:00:00.200",
                ["Verwalter__Supervisor__BackoffCap"] = "00:00:00.500",
            });

            var status = await supervisor.WaitForAsync(
                _tree,
                s => s.Instances.Any(i => i is { Name: "app/web.0", State: "running" }) && s.Instances.Any(i => i is { Name: "app/blocked.0", Starts: >= 2, LastError: not null }),
                "web.0 running, blocked.0 failing to start");
            var blocked = status.Instances.Single(i => i.Name == "app/blocked.0");
            Assert.Equal("waiting", blocked.State);
            Assert.Contains($"0.0.0.0:{Text(busyPort)}", blocked.LastError, StringComparison.Ordinal);
            Assert.Contains("Address already in use", blocked.LastError, StringComparison.Ordinal);
            Assert.False(supervisor.HasExited);
            Assert.True(await ListeningSockets.ConnectsAsync(_port));

            busy.Stop();
            await supervisor.WaitForAsync(_tree, s => s.Instances.Count(i => i.State == "running") == 2, "blocked.0 started once the port was free");
        }
        finally
        {
            busy.Stop();
        }
    }

    private SupervisorProcess StartPortContainer(int instances, double restartTimeout)
    {
        _tree.Image("busybox", RealTree.ShellContainer(Holder, restartTimeout, variables: "  port: !TcpPort\n", extra: "tcp-ports: {\"@{port}\": {fd: 3}}"));
        _tree.WriteProcesses(Processes(instances, "port"));
        return SupervisorProcess.Start(_tree);
    }

    private string Processes(int instances, string variable) =>
        $"web: {{image: busybox, config: /config.yaml, instances: {Text(instances)}, variables: {{{variable}: \"{Text(_port)}\"}}}}\n";

    private static async Task<int> CommandAsync(int bwrapPid) =>
        (int)await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(bwrapPid) is { } c ? (object)c : null), SupervisorProcess.Timeout, "the container's command");

    private static async Task<string> SocketOnFd3Async(int command) =>
        (string)await Eventually.WaitAsync(() => Task.FromResult<object?>(ListeningSockets.Inode(command, 3)), SupervisorProcess.Timeout, $"a socket on fd 3 of pid {command}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
