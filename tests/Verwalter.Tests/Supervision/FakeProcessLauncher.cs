using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision;

/// <summary>A launcher that forks nothing: records starts, stops and kills; tests make processes exit.</summary>
internal sealed class FakeProcessLauncher : IProcessLauncher
{
    private readonly Dictionary<int, Action<RunningProcess>> _callbacks = [];
    private int _nextPid = 100;

    public List<RunningProcess> Started { get; } = [];

    public List<int> Terminated { get; } = [];

    public List<int> Killed { get; } = [];

    public List<RunningProcess> ToRecover { get; } = [];

    public RunningProcess Start(MasterConfig master, SandboxDefinition sandbox, DesiredInstance instance, DateTimeOffset now, Action<RunningProcess> exited)
    {
        var process = new RunningProcess(instance.Key, _nextPid++, instance.Identity, instance.Container.Config.KillTimeout, now, adopted: false);
        _callbacks[process.Pid] = exited;
        Started.Add(process);
        return process;
    }

    public void Terminate(RunningProcess process) => Terminated.Add(process.Pid);

    public void Kill(RunningProcess process) => Killed.Add(process.Pid);

    public List<CorruptRecord> CorruptToReport { get; } = [];

    public Recovery Recover(MasterConfig master, DateTimeOffset now, Action<RunningProcess> exited)
    {
        foreach (var process in ToRecover)
        {
            _callbacks[process.Pid] = exited;
        }

        return new Recovery([.. ToRecover], [.. CorruptToReport]);
    }

    public void Forget(MasterConfig master, RunningProcess process)
    {
    }

    public List<InstanceKey> Released { get; } = [];

    public List<IReadOnlySet<InstanceKey>> StaleRemovals { get; } = [];

    /// <summary>How many more <see cref="Release"/> calls report the cgroup as still busy.</summary>
    public int BusyReleases { get; set; }

    public bool Release(MasterConfig master, InstanceKey key)
    {
        if (BusyReleases > 0)
        {
            BusyReleases--;
            return false;
        }

        Released.Add(key);
        return true;
    }

    public void RemoveStale(MasterConfig master, IReadOnlySet<InstanceKey> keep) => StaleRemovals.Add(keep);

    public string DescribeCgroups(MasterConfig master) => "fake cgroups";

    public void Exit(RunningProcess process, ProcessExit exit)
    {
        process.MarkExited(exit);
        _callbacks[process.Pid](process);
    }
}
