using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// The real <c>verwalter supervisor</c> with real bubblewrap sandboxes built from busybox. Runs as
/// root in CI (tests/run.sh installs bubblewrap and busybox-static). Every test waits on
/// conditions with timeouts and kills whatever it started, even when it fails.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class RealSupervisorTests : IDisposable
{
    private const string Sleeper = "echo started $LITHOS_NAME; exec sleep 1000";

    private readonly RealTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Supervisor_KillOneInstance_RestartsOnlyItNoSoonerThanRestartTimeout()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper, restartTimeout: 2));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml, instances: 3}\n");
        await using var supervisor = SupervisorProcess.Start(_tree);
        var pids = await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1", "app/web.2");
        var oldStart = ContainerProcesses.StartTicks(pids["app/web.1"]);
        var command = await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(pids["app/web.1"]) is { } c ? (object)c : null), SupervisorProcess.Timeout, "web.1's command");
        Assert.Equal(0, LinuxTestNative.kill((int)command, LinuxTestNative.SigKill));

        var status = await supervisor.WaitForAsync(_tree, s => s.Instances.Single(i => i.Name == "app/web.1") is { State: "running", Restarts: 1 }, "web.1 restarted");
        var restarted = status.Instances.Single(i => i.Name == "app/web.1");
        Assert.NotEqual(pids["app/web.1"], restarted.Pid);
        Assert.True(ContainerProcesses.StartTicks(restarted.Pid!.Value) - oldStart >= 200, "restarted sooner than restart-timeout (2 s) after the previous start");
        Assert.Equal(1, restarted.Failures);
        Assert.Equal("killed by signal 9", restarted.LastExit);
        Assert.Equal(pids["app/web.0"], status.Instances.Single(i => i.Name == "app/web.0").Pid);
        Assert.Equal(pids["app/web.2"], status.Instances.Single(i => i.Name == "app/web.2").Pid);
        Assert.Equal(0, await supervisor.StopAsync());
        Assert.DoesNotContain(pids.Values.Append(restarted.Pid.Value), ContainerProcesses.Alive);
    }

    [Fact]
    public async Task Supervisor_CrashLoop_BacksOffUpToTheCapAndKeepsRetrying()
    {
        _tree.Image("busybox", RealTree.ShellContainer("exit 3", restartTimeout: 0.1));
        _tree.WriteProcesses("crash: {image: busybox, config: /config.yaml}\n");
        await using var supervisor = SupervisorProcess.Start(_tree, new Dictionary<string, string>
        {
            ["Verwalter__Supervisor__BackoffBase"] = "00:00:00.300",
            ["Verwalter__Supervisor__BackoffCap"] = "00:00:01",
        });

        // A status written just after a backoff ended shows the next start ("running"); wait for one in the backoff.
        var looping = await supervisor.WaitForAsync(_tree, s => s.Instances.SingleOrDefault() is { ConsecutiveFailures: >= 4, State: "waiting" }, "four crashes in a row, waiting out the backoff");
        var crash = looping.Instances.Single();
        Assert.InRange(crash.BackoffMs, 790, 1000);
        Assert.Equal("exit code 3", crash.LastExit);
        Assert.Equal("waiting", crash.State);
        Assert.True(crash.NextStart > looping.UpdatedAt.AddMilliseconds(-1000));

        var later = await supervisor.WaitForAsync(_tree, s => s.Instances.Single().Starts >= crash.Starts + 2, "two more starts at the cap");
        Assert.InRange(later.Instances.Single().BackoffMs, 790, 1000);
        Assert.Equal(0, await supervisor.StopAsync());
    }

    [Fact]
    public async Task Switch_Scale2To3To1_StartsNewIndexAndStopsHighestKeepingIndexZero()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml, instances: 2}\n");
        await using var supervisor = SupervisorProcess.Start(_tree);
        var two = await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1");

        var up = await CliRun.RunAsync("switch", "app", _tree.Candidate("web: {image: busybox, config: /config.yaml, instances: 3}\n"), "--config", _tree.MasterPath);
        Assert.True(up.ExitCode == 0, up.Stderr);
        var three = await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1", "app/web.2");
        Assert.Equal(two["app/web.0"], three["app/web.0"]);
        Assert.Equal(two["app/web.1"], three["app/web.1"]);

        var down = await CliRun.RunAsync("switch", "app", _tree.Candidate("web: {image: busybox, config: /config.yaml, instances: 1}\n"), "--config", _tree.MasterPath);
        Assert.True(down.ExitCode == 0, down.Stderr);
        var one = await supervisor.WaitRunningAsync(_tree, "app/web.0");
        Assert.Equal(two["app/web.0"], one["app/web.0"]);
        await Eventually.WaitAsync(() => Task.FromResult(!ContainerProcesses.Alive(three["app/web.1"]) && !ContainerProcesses.Alive(three["app/web.2"])), SupervisorProcess.Timeout, "web.1 and web.2 to exit");
        Assert.Equal(0, supervisor.Status(_tree)!.Instances.Single().Restarts);

        var ps = await CliRun.RunAsync("ps", "--config", _tree.MasterPath);
        Assert.True(ps.ExitCode == 0, ps.Stderr);
        Assert.Contains("app/web.0", ps.Stdout, StringComparison.Ordinal);
        Assert.Contains(one["app/web.0"].ToString(System.Globalization.CultureInfo.InvariantCulture), ps.Stdout, StringComparison.Ordinal);
        var json = await CliRun.RunAsync("ps", "--json", "--config", _tree.MasterPath);
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!;
        Assert.Equal(supervisor.Pid, (int)parsed["supervisor_pid"]!);
        Assert.Equal("running", (string?)parsed["instances"]![0]!["state"]);
    }

    [Fact]
    public async Task Switch_OneProcessVariablesChanged_RestartsOnlyThatProcess()
    {
        const string Variables = "  msg: !Name\n";
        _tree.Image("busybox", RealTree.ShellContainer("echo @{msg}; exec sleep 1000", variables: Variables));
        const string Before = "web: {image: busybox, config: /config.yaml, instances: 2, variables: {msg: a}}\nworker: {image: busybox, config: /config.yaml, variables: {msg: b}}\n";
        _tree.WriteProcesses(Before);
        await using var supervisor = SupervisorProcess.Start(_tree);
        var before = await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1", "app/worker.0");

        var run = await CliRun.RunAsync("switch", "app", _tree.Candidate(Before.Replace("msg: b", "msg: c", StringComparison.Ordinal)), "--config", _tree.MasterPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var after = await supervisor.WaitForAsync(_tree, s => s.Instances.Single(i => i.Name == "app/worker.0") is { State: "running" } w && w.Pid != before["app/worker.0"], "worker.0 restarted");

        Assert.Equal(before["app/web.0"], after.Instances.Single(i => i.Name == "app/web.0").Pid);
        Assert.Equal(before["app/web.1"], after.Instances.Single(i => i.Name == "app/web.1").Pid);
        var worker = after.Instances.Single(i => i.Name == "app/worker.0");
        Assert.Equal(0, worker.Failures);
        Assert.Equal("killed by signal 15", worker.LastExit);
    }

    [Fact]
    public async Task Sandbox_Process_RunsAsConfiguredUserSeesOnlyItsProcessesAndWritesOnlyWritablePaths()
    {
        const string Probe = "id -u > /data/uid; id -g > /data/gid; ps -o pid,comm > /data/ps; env > /data/env; "
            + "(touch /probe 2> /data/root-write || true); (touch /etc/probe 2> /data/etc-write || true); touch /data/written; "
            + "echo done > /data/done; exec sleep 1000";
        _tree.Image("busybox", RealTree.ShellContainer(Probe));
        _tree.WriteProcesses("probe: {image: busybox, config: /config.yaml}\n");
        await using var supervisor = SupervisorProcess.Start(_tree);
        var pids = await supervisor.WaitRunningAsync(_tree, "app/probe.0");
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(Path.Combine(_tree.DataDir, "done"))), SupervisorProcess.Timeout, "the probe to finish");

        Assert.Equal("1000", Read("uid"));
        Assert.Equal("100", Read("gid"));
        Assert.Contains("Read-only file system", Read("root-write"), StringComparison.Ordinal);
        Assert.Contains("Read-only file system", Read("etc-write"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_tree.DataDir, "written")));
        Assert.False(File.Exists(Path.Combine(_tree.Image("busybox", RealTree.ShellContainer(Probe)), "probe")));
        var processes = Read("ps").Split('\n').Skip(1).ToList();
        Assert.InRange(processes.Count, 2, 4);
        Assert.DoesNotContain(processes, p => p.Contains("dotnet", StringComparison.Ordinal));
        var env = Read("env").Split('\n').Select(l => l.Split('=')[0]).ToHashSet();
        Assert.Contains("MODE", env);
        Assert.Contains("LITHOS_NAME", env);
        Assert.DoesNotContain("DOTNET_CLI_TELEMETRY_OPTOUT", env);
        Assert.DoesNotContain("HOME", env);
        var command = ContainerProcesses.Command(pids["app/probe.0"]);
        Assert.NotNull(command);
        Assert.Contains(File.ReadAllLines($"/proc/{command}/status"), l => l.StartsWith("Uid:\t1000\t1000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Supervisor_SigKilledAndRestarted_AdoptsSamePidsAndRestartsNothing()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml, instances: 2}\n");
        Dictionary<string, int> pids;
        await using (var first = SupervisorProcess.Start(_tree))
        {
            pids = await first.WaitRunningAsync(_tree, "app/web.0", "app/web.1");
            first.SigKill();
        }

        Assert.All(pids.Values, pid => Assert.True(ContainerProcesses.Alive(pid), $"pid {pid} died with the supervisor"));
        await using var second = SupervisorProcess.Start(_tree);
        var adopted = await second.WaitForAsync(_tree, s => s.Instances.Count == 2 && s.Instances.All(i => i.State == "running"), "both adopted");
        Assert.All(adopted.Instances, i =>
        {
            Assert.Equal(pids[i.Name], i.Pid);
            Assert.True(i.Adopted);
            Assert.Equal(0, i.Starts);
        });

        Assert.Equal(0, await second.StopAsync());
        Assert.DoesNotContain(pids.Values, ContainerProcesses.Alive);
    }

    [Fact]
    public async Task Switch_BrokenFile_ExitsNonZeroAndChangesNothing()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper));
        const string Live = "web: {image: busybox, config: /config.yaml, instances: 2}\n";
        _tree.WriteProcesses(Live);
        await using var supervisor = SupervisorProcess.Start(_tree);
        var pids = await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1");

        var run = await CliRun.RunAsync("switch", "app", _tree.Candidate("web: {image: busybox, config: /config.yaml, instances: [\n"), "--config", _tree.MasterPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing changed", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(Live, File.ReadAllText(_tree.ProcessesPath));
        var status = supervisor.Status(_tree)!;
        Assert.Equal(pids, status.Instances.ToDictionary(i => i.Name, i => i.Pid!.Value));
    }

    [Theory]
    [InlineData("web: {image: busybox, config: /config.yaml, executable: /bin/sh}", "unknown key")]
    [InlineData("web: {image: /busybox, config: /config.yaml}", "not an absolute path")]
    [InlineData("web: {image: ../busybox, config: /config.yaml}", "'..'")]
    [InlineData("web: {image: busybox, config: /config.yaml, variables: {nope: x}}", "is not declared")]
    [InlineData("web: {image: busybox, config: /config.yaml, variables: {port: \"9999\"}}", "outside the sandbox's allow-tcp-ports")]
    public async Task Switch_FileBreakingARule_IsRejectedWithTheReason(string yaml, string reason)
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper, variables: "  port: !TcpPort\n"));
        const string Live = "web: {image: busybox, config: /config.yaml, variables: {port: \"8080\"}}\n";
        _tree.WriteProcesses(Live);

        var run = await CliRun.RunAsync("switch", "app", _tree.Candidate(yaml + "\n"), "--config", _tree.MasterPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(Live, File.ReadAllText(_tree.ProcessesPath));
    }

    private string Read(string name) => File.ReadAllText(Path.Combine(_tree.DataDir, name)).Trim();
}
