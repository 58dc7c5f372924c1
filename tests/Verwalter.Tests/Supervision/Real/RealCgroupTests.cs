using System.Globalization;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// The real supervisor with cgroups on, on this host's cgroup v1 hierarchies (CI is the same kind
/// of hybrid host): limits land in <c>&lt;cgroup-name&gt;/app:&lt;process&gt;.&lt;i&gt;.scope</c>, the
/// command runs inside, the memory limit is enforced by the kernel, and retired instances' groups
/// are removed. The v2 code path runs against the hybrid host's cgroup2 mount, which offers no
/// memory or cpu controller: groups and membership, no limits. Each test uses its own slice and
/// removes it on dispose.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class RealCgroupTests : IDisposable
{
    private const string Sleeper = "exec sleep 1000";
    private const string Web0Scope = "app:web.0.scope";


    private readonly string _slice = RealCgroups.NewSliceName();
    private readonly RealTree _tree;

    public RealCgroupTests()
    {
        _tree = new RealTree(cgroupName: _slice, allowTcpPorts: "1024-65535");
    }

    public void Dispose()
    {
        _tree.Dispose();
        RealCgroups.RemoveSlice(_slice);
    }

    [CgroupFact]
    public async Task Supervisor_TcpPortWithCgroupsOn_SocketPassesThroughTheJoinShell()
    {
        var port = ListeningSockets.FreePort();
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper, variables: "  port: !TcpPort\n", extra: "tcp-ports: {\"@{port}\": {fd: 3}}"));
        _tree.WriteProcesses($"web: {{image: busybox, config: /config.yaml, variables: {{port: \"{port.ToString(CultureInfo.InvariantCulture)}\"}}}}\n");
        await using var supervisor = SupervisorProcess.Start(_tree);
        var pid = (await supervisor.WaitRunningAsync(_tree, "app/web.0"))["app/web.0"];
        var command = (int)await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(pid) is { } c ? (object)c : null), SupervisorProcess.Timeout, "web.0's command");

        var inode = ListeningSockets.Inode(command, 3);
        Assert.NotNull(inode);
        Assert.Equal(inode, ListeningSockets.ListeningInode(port));
        Assert.True(await ListeningSockets.ConnectsAsync(port));
        Assert.Contains(command, RealCgroups.Procs(RealCgroups.V1Scope("memory", _slice, Web0Scope)));
    }

    [CgroupFact]
    public async Task Supervisor_MemoryLimitAndCpuShares_WrittenToV1ScopeHoldingTheCommand()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper, extra: "memory-limit: 32Mi\ncpu-shares: 512"));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml}\n");
        var stale = RealCgroups.V1Scope("memory", _slice, "app:gone.0.scope");
        var foreign = RealCgroups.V1Scope("memory", _slice, "not-an-instance");
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(foreign);
        await using var supervisor = SupervisorProcess.Start(_tree);
        var pid = (await supervisor.WaitRunningAsync(_tree, "app/web.0"))["app/web.0"];
        var command = await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(pid) is { } c ? (object)c : null), SupervisorProcess.Timeout, "web.0's command");

        var memory = RealCgroups.V1Scope("memory", _slice, Web0Scope);
        Assert.Equal("33554432", Read(memory, "memory.limit_in_bytes"));
        Assert.Equal("33554432", Read(memory, "memory.memsw.limit_in_bytes"));
        Assert.Equal("512", Read(RealCgroups.V1Scope("cpu", _slice, Web0Scope), "cpu.shares"));
        foreach (var hierarchy in RealCgroups.V1Hierarchies)
        {
            var procs = RealCgroups.Procs(RealCgroups.V1Scope(hierarchy, _slice, Web0Scope));
            Assert.Contains(pid, procs);
            Assert.Contains((int)command, procs);
        }

        var lines = File.ReadAllLines($"/proc/{command}/cgroup");
        Assert.Contains($"memory:/{_slice}/{Web0Scope}", lines.Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]));
        Assert.Contains($"name=systemd:/{_slice}/{Web0Scope}", lines.Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]));
        Assert.False(Directory.Exists(stale), "the stale scope of an instance neither running nor configured was left");
        Assert.True(Directory.Exists(foreign), "a group that is not an instance scope was removed");
        var status = supervisor.Status(_tree)!;
        Assert.Equal($"cgroup v1: groups under {_slice} in name=systemd, cpu, cpuacct, memory, blkio: memory-limit and cpu-shares applied", status.Cgroups);

        var run = await CliRun.RunAsync("switch", "app", _tree.Candidate(string.Empty), "--config", _tree.MasterPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        await supervisor.WaitForAsync(_tree, s => s.Instances.Count == 0, "web.0 retired");
        Assert.All(RealCgroups.V1Hierarchies, h => Assert.False(Directory.Exists(RealCgroups.V1Scope(h, _slice, Web0Scope)), $"{h} scope left after retirement"));
        Assert.Equal(0, await supervisor.StopAsync());
    }

    [CgroupFact]
    public async Task Supervisor_ProgramAllocatingPastMemoryLimit_IsOomKilledAndRestartedWhileUnlimitedOneSurvives()
    {
        _tree.Image("limited", RealTree.ShellContainer(Allocate64MiB("limited"), extra: "memory-limit: 32Mi"));
        _tree.Image("free", RealTree.ShellContainer(Allocate64MiB("free")));
        _tree.WriteProcesses("limited: {image: limited, config: /config.yaml}\nfree: {image: free, config: /config.yaml}\n");
        await using var supervisor = SupervisorProcess.Start(_tree);

        var status = await supervisor.WaitForAsync(
            _tree, s => s.Instances.SingleOrDefault(i => i.Name == "app/limited.0") is { Restarts: >= 1 }, "the limited instance to die and be restarted");
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(Path.Combine(_tree.DataDir, "survived-free"))), SupervisorProcess.Timeout, "the unlimited instance to hold 64 MiB");

        var limited = status.Instances.Single(i => i.Name == "app/limited.0");
        Assert.Equal("killed by signal 9", limited.LastExit);
        Assert.True(limited.Failures >= 1);
        Assert.False(File.Exists(Path.Combine(_tree.DataDir, "survived-limited")));
        var oomKills = File.ReadAllLines(Path.Combine(RealCgroups.V1Scope("memory", _slice, "app:limited.0.scope"), "memory.oom_control"))
            .Single(l => l.StartsWith("oom_kill ", StringComparison.Ordinal));
        Assert.True(long.Parse(oomKills[9..], CultureInfo.InvariantCulture) >= 1, oomKills);
        Assert.Equal("67108864", File.ReadAllText(Path.Combine(_tree.DataDir, "survived-free")).Trim());
        var free = supervisor.Status(_tree)!.Instances.Single(i => i.Name == "app/free.0");
        Assert.Equal(("running", 0L), (free.State, free.Restarts));
    }

    [CgroupFact]
    public async Task Supervisor_MemoryLimitRaisedAndReloaded_AppliesAtTheNextRestartToTheKeptGroup()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper, extra: "memory-limit: 32Mi"));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml}\n");
        await using var supervisor = SupervisorProcess.Start(_tree);
        var pid = (await supervisor.WaitRunningAsync(_tree, "app/web.0"))["app/web.0"];
        var memory = RealCgroups.V1Scope("memory", _slice, Web0Scope);
        Assert.Equal("33554432", Read(memory, "memory.memsw.limit_in_bytes"));

        _tree.Image("busybox", RealTree.ShellContainer(Sleeper, extra: "memory-limit: 64Mi"));
        var before = supervisor.Status(_tree)!.UpdatedAt;
        var run = await CliRun.RunAsync("switch", "app", _tree.Candidate("web: {image: busybox, config: /config.yaml}\n"), "--config", _tree.MasterPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        await supervisor.WaitForAsync(_tree, s => s.UpdatedAt > before, "the reload");
        Assert.Equal(pid, supervisor.Status(_tree)!.Instances.Single().Pid);
        var command = await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(pid) is { } c ? (object)c : null), SupervisorProcess.Timeout, "web.0's command");
        Assert.Equal(0, LinuxTestNative.kill((int)command, LinuxTestNative.SigKill));
        var status = await supervisor.WaitForAsync(_tree, s => s.Instances.Single() is { State: "running", Restarts: 1 }, "web.0 restarted");

        // memsw must stay >= the limit, so raising both needs the limit written again after memsw.
        Assert.Equal("67108864", Read(memory, "memory.limit_in_bytes"));
        Assert.Equal("67108864", Read(memory, "memory.memsw.limit_in_bytes"));
        var restarted = status.Instances.Single().Pid!.Value;
        var newCommand = await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(restarted) is { } c ? (object)c : null), SupervisorProcess.Timeout, "the new command");
        Assert.Contains((int)newCommand, RealCgroups.Procs(memory));
        Assert.DoesNotContain("cannot write", supervisor.Output, StringComparison.Ordinal);
    }

    [CgroupFact(unified: true)]
    public async Task Supervisor_UnifiedRootWithoutMemoryAndCpu_PlacesTheCommandInTheV2GroupAndWarnsLimitsAreNotApplied()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper, extra: "memory-limit: 32Mi"));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml}\n");
        await using var supervisor = SupervisorProcess.Start(_tree, new Dictionary<string, string> { ["Verwalter__Supervisor__CgroupRoot"] = RealCgroups.Unified });
        var pid = (await supervisor.WaitRunningAsync(_tree, "app/web.0"))["app/web.0"];
        var command = await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(pid) is { } c ? (object)c : null), SupervisorProcess.Timeout, "web.0's command");

        var group = Path.Combine(RealCgroups.Unified, _slice, Web0Scope);
        Assert.Contains((int)command, RealCgroups.Procs(group));
        Assert.Contains($"0::/{_slice}/{Web0Scope}", File.ReadAllLines($"/proc/{command}/cgroup"));
        Assert.False(File.Exists(Path.Combine(group, "memory.max")));
        var status = supervisor.Status(_tree)!;
        Assert.StartsWith($"cgroup v2 at {RealCgroups.Unified}: groups under {_slice}: memory-limit and cpu-shares not applied", status.Cgroups, StringComparison.Ordinal);
        Assert.Contains("sets memory-limit, which cannot be applied", supervisor.Output, StringComparison.Ordinal);

        Assert.Equal(0, await supervisor.StopAsync());
        Assert.False(Directory.Exists(group), "the group of a stopped instance was left");
    }

    // Doubles a shell string to 64 MiB; on the way the shell holds about three times that.
    private static string Allocate64MiB(string name) => $"x=a; while [ ${{#x}} -lt 67108864 ]; do x=$x$x; done; echo ${{#x}} > /data/survived-{name}; exec sleep 1000";

    private static string Read(string group, string file) => File.ReadAllText(Path.Combine(group, file)).Trim();
}
