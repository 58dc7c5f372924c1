namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// An adopted sandbox is not the new supervisor's child, so its exit code comes from bwrap's JSON
/// status file: a normal exit of an adopted instance is not a failure, an abnormal one is.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class RealAdoptedExitTests : IDisposable
{
    // Each instance waits for /data/exit-<index>, consumes it and exits with the code written in it.
    private const string ExitOnRequest =
        "f=/data/exit-${LITHOS_NAME##*.}; while [ ! -f $f ]; do sleep 0.1; done; code=$(cat $f); rm $f; exit $code";

    private readonly RealTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Supervisor_AdoptedInstancesExit_ExitCodeFromBwrapStatusDecidesFailure()
    {
        _tree.Image("busybox", RealTree.ShellContainer(ExitOnRequest, extra: "normal-exit-codes: [0, 42]"));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml, instances: 3}\n");
        Dictionary<string, int> pids;
        await using (var first = SupervisorProcess.Start(_tree))
        {
            pids = await first.WaitRunningAsync(_tree, "app/web.0", "app/web.1", "app/web.2");
            first.SigKill();
        }

        await using var second = SupervisorProcess.Start(_tree);
        await second.WaitForAsync(_tree, s => s.Instances.Count == 3 && s.Instances.All(i => i is { State: "running", Adopted: true }), "all three adopted");
        File.WriteAllText(Path.Combine(_tree.DataDir, "exit-0"), "0");
        File.WriteAllText(Path.Combine(_tree.DataDir, "exit-1"), "42");
        File.WriteAllText(Path.Combine(_tree.DataDir, "exit-2"), "3");

        var status = await second.WaitForAsync(_tree, s => s.Instances.Count == 3 && s.Instances.All(i => i.Restarts == 1 && i.State == "running"), "all three exited and restarted");
        var rows = status.Instances.ToDictionary(i => i.Name);
        Assert.Equal(("exit code 0", 0L), (rows["app/web.0"].LastExit, rows["app/web.0"].Failures));
        Assert.Equal(("exit code 42", 0L), (rows["app/web.1"].LastExit, rows["app/web.1"].Failures));
        Assert.Equal(("exit code 3", 1L), (rows["app/web.2"].LastExit, rows["app/web.2"].Failures));
        Assert.All(pids, p => Assert.NotEqual(p.Value, rows[p.Key].Pid));
        Assert.Equal(0, await second.StopAsync());
    }
}
