using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// The real supervisor (bubblewrap sandboxes): a planned stop on <c>switch</c> is not a restart, and
/// an adoption record that does not parse is moved aside, logged, and shown by <c>verwalter ps</c>.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class RealAdoptionRecordTests : IDisposable
{
    private const string Sleeper = "exec sleep 1000";
    private readonly RealTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Switch_VariablesChanged_OldInstanceStoppedPlanned_NotCountedAsRestart()
    {
        _tree.Image("busybox", RealTree.ShellContainer("echo @{msg}; exec sleep 1000", variables: "  msg: !Name\n"));
        const string Before = "web: {image: busybox, config: /config.yaml, variables: {msg: a}}\n";
        _tree.WriteProcesses(Before);
        await using var supervisor = SupervisorProcess.Start(_tree);
        var before = await supervisor.WaitRunningAsync(_tree, "app/web.0");

        var run = await CliRun.RunAsync("switch", "app", _tree.Candidate(Before.Replace("msg: a", "msg: b", StringComparison.Ordinal)), "--config", _tree.MasterPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var after = await supervisor.WaitForAsync(_tree, s => s.Instances.Single() is { State: "running" } w && w.Pid != before["app/web.0"], "web.0 restarted with the new identity");

        var row = after.Instances.Single();
        Assert.Equal(0, row.Restarts);
        Assert.Equal(1, row.PlannedStops);
        Assert.Equal(0, row.Failures);
        Assert.Equal(2, row.Starts);
        await Eventually.WaitAsync(() => Task.FromResult(supervisor.Output.Contains("stopped (planned)", StringComparison.Ordinal)), SupervisorProcess.Timeout, "the planned-stop log line\n" + supervisor.Output);
        Assert.DoesNotContain("exited: killed by signal 15", supervisor.Output, StringComparison.Ordinal);
        var ps = await CliRun.RunAsync("ps", "--json", "--config", _tree.MasterPath);
        var instance = JsonNode.Parse(ps.Stdout)!["instances"]![0]!;
        Assert.Equal(0, (long)instance["restarts"]!);
        Assert.Equal(1, (long)instance["planned_stops"]!);
        Assert.Equal(0, await supervisor.StopAsync());
    }

    [Fact]
    public async Task Adoption_UnparsableRecord_IsMovedAsideLoggedAndShownInPs_OtherInstanceAdopted()
    {
        _tree.Image("busybox", RealTree.ShellContainer(Sleeper));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml, instances: 2}\n");
        Dictionary<string, int> pids;
        await using (var first = SupervisorProcess.Start(_tree))
        {
            pids = await first.WaitRunningAsync(_tree, "app/web.0", "app/web.1");
            first.SigKill();
        }

        var record = Path.Combine(_tree.RuntimeDir, "instances", "app", "web.1.json");
        Assert.True(File.Exists(record), $"no adoption record at {record}");
        const string Garbage = "{\"name\": \"app/web.1\", \"pid\": 12";
        File.WriteAllText(record, Garbage);

        await using var second = SupervisorProcess.Start(_tree);
        var status = await second.WaitForAsync(_tree, s => s.CorruptRecords is { Count: 1 } && s.Instances.Count == 2 && s.Instances.All(i => i.State == "running"), "the corrupt record listed and both instances running");

        var bad = Assert.Single(status.CorruptRecords!);
        Assert.Equal(record, bad.File);
        Assert.StartsWith(record + ".corrupt-", bad.MovedTo, StringComparison.Ordinal);
        Assert.Equal(Garbage, File.ReadAllText(bad.MovedTo!));
        var web0 = status.Instances.Single(i => i.Name == "app/web.0");
        Assert.True(web0.Adopted);
        Assert.Equal(pids["app/web.0"], web0.Pid);
        Assert.Contains("cannot be parsed", second.Output, StringComparison.Ordinal);
        Assert.Contains(record, second.Output, StringComparison.Ordinal);

        var ps = await CliRun.RunAsync("ps", "--config", _tree.MasterPath);
        Assert.True(ps.ExitCode == 0, ps.Stderr);
        Assert.Contains("corrupt adoption record", ps.Stdout, StringComparison.Ordinal);
        Assert.Contains(bad.MovedTo!, ps.Stdout.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var json = JsonNode.Parse((await CliRun.RunAsync("ps", "--json", "--config", _tree.MasterPath)).Stdout)!;
        Assert.Equal(record, (string?)json["corrupt_records"]![0]!["file"]);
        Assert.Equal(bad.MovedTo, (string?)json["corrupt_records"]![0]!["moved_to"]);
        Assert.Equal(0, await second.StopAsync());
    }
}
