using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Real;

/// <summary><c>verwalter daemon --supervisor embedded</c>: the supervisor runs inside the daemon and <c>/v1/status</c> lists its processes by sandbox.</summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class EmbeddedSupervisorTests : IDisposable
{
    private readonly RealTree _tree = new();
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("verwalter-embedded-");

    public void Dispose()
    {
        _tree.Dispose();
        _state.Delete(recursive: true);
    }

    [Fact]
    public async Task Daemon_EmbeddedSupervisor_RunsProcessesAndShowsThemInStatus()
    {
        _tree.Image("busybox", RealTree.ShellContainer("exec sleep 1000"));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml, instances: 2}\n");
        await using var daemon = DaemonProcess.Start(
            Path.Combine(RepositoryPaths.Examples, "minimal"),
            Path.Combine(_state.FullName, "storage"),
            Path.Combine(_state.FullName, "log"),
            "--supervisor", "embedded", "--supervisor-config", _tree.MasterPath);

        var web = await Eventually.WaitAsync(async () =>
        {
            var status = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"));
            var instances = status?["supervisor"]?["sandboxes"]?["app"]?.AsArray();
            return instances is { Count: 2 } && instances.All(i => (string?)i!["state"] == "running") ? instances : null;
        }, TimeSpan.FromSeconds(60), "two running instances in /v1/status");

        Assert.Equal(["app/web.0", "app/web.1"], web.Select(i => (string?)i!["name"]));
        Assert.All(web, i => Assert.True(ContainerProcesses.Alive((int)i!["pid"]!)));
        var loops = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"))!["loops"]!.AsArray();
        var supervisor = Assert.Single(loops, l => (string?)l!["name"] == "supervisor");
        Assert.NotNull(supervisor!["last_success"]);
        Assert.Equal(0, (int)supervisor["consecutive_failures"]!);
    }

    [Fact]
    public async Task Daemon_EmbeddedSupervisor_SigTermWaitsOutTheKillTimeoutThenExitsZero()
    {
        _tree.Image("busybox", RealTree.ShellContainer("trap 'sleep 30' TERM; while true; do sleep 0.1; done", killTimeout: 3));
        _tree.WriteProcesses("stubborn: {image: busybox, config: /config.yaml}\n");
        await using var daemon = DaemonProcess.Start(
            Path.Combine(RepositoryPaths.Examples, "minimal"),
            Path.Combine(_state.FullName, "storage"),
            Path.Combine(_state.FullName, "log"),
            "--supervisor", "embedded", "--supervisor-config", _tree.MasterPath);
        var sandbox = await Eventually.WaitAsync(async () =>
        {
            var status = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"));
            var instance = status?["supervisor"]?["sandboxes"]?["app"]?.AsArray().SingleOrDefault();
            return (string?)instance?["state"] == "running" && ContainerProcesses.Command((int)instance!["pid"]!) is { } ? instance : null;
        }, TimeSpan.FromSeconds(60), "the stubborn instance running");
        var bwrap = (int)sandbox["pid"]!;
        var command = ContainerProcesses.Command(bwrap)!.Value;

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, await daemon.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.True(stopping.Elapsed >= TimeSpan.FromSeconds(2.5), $"the daemon exited after {stopping.Elapsed.TotalSeconds:F1} s, before the 3 s kill-timeout");
        Assert.False(ContainerProcesses.Alive(command), "the command outlived the daemon");
        Assert.False(ContainerProcesses.Alive(bwrap), "the sandbox outlived the daemon");
    }
}
