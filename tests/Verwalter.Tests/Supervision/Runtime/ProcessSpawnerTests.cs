using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;
using Verwalter.Tests.Supervision.Real;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Runtime;

/// <summary>posix_spawn's descriptor hand-over with a real child (a host shell that lists its fds).</summary>
public sealed class ProcessSpawnerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-spawn-");
    private readonly HostSockets _sockets = new(NullLogger.Instance);

    public void Dispose()
    {
        _sockets.Dispose();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Spawn_SocketsOnFd0AndOnTheirOwnNumber_ChildGetsThemWithoutCloseOnExecStatusAbove()
    {
        var port = ListeningSockets.FreePort();
        var other = ListeningSockets.FreePort();
        var descriptors = _sockets.Use(new InstanceKey("s", "web", 0), [Binding(0, port), Binding(3, other)]);
        var own = descriptors[1].Source;
        var output = Path.Combine(_dir.FullName, "out");
        var status = Path.Combine(_dir.FullName, "status");
        var statusFd = own + 1;

        var pid = ProcessSpawner.Spawn(
            "/bin/sh", ["/bin/sh", "-c", $"for fd in 0 3 {own} {statusFd}; do echo $fd $(readlink /proc/$$/fd/$fd); done; echo done"], [], output, status, statusFd,
            [(0, descriptors[0].Source), (3, own), (own, own)]);

        var lines = (await Eventually.WaitAsync(() => Task.FromResult(File.Exists(output) && File.ReadAllText(output).Contains("done", StringComparison.Ordinal) ? File.ReadAllLines(output) : null), TimeSpan.FromSeconds(10), "the child's listing"))!;
        Assert.Equal($"0 socket:[{ListeningSockets.Inode(Environment.ProcessId, descriptors[0].Source)}]", lines[0]);
        Assert.Equal($"3 socket:[{ListeningSockets.Inode(Environment.ProcessId, own)}]", lines[1]);
        Assert.Equal($"{own} socket:[{ListeningSockets.Inode(Environment.ProcessId, own)}]", lines[2]);
        Assert.Equal($"{statusFd} {status}", lines[3]);
        Assert.Equal(pid, LinuxTestNative.waitpid(pid, out _, 0));
    }

    private static SocketBinding Binding(int fd, int port) => new(fd, "127.0.0.1", port, 4, ReuseAddr: true, ReusePort: false, NonBlock: false);
}
