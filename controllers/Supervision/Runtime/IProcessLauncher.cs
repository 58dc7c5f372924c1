namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Starts, signals and watches supervised processes (house rule 9: tests of the loop's decisions
/// can use a fake; the real one is <see cref="BwrapLauncher"/>). Exits are reported through
/// <see cref="RunningProcess.Exited"/> and the callback given to <see cref="Start"/> / <see cref="Recover"/>.
/// </summary>
internal interface IProcessLauncher
{
    /// <exception cref="SandboxUnsupportedException">The instance needs something the sandbox cannot give.</exception>
    /// <exception cref="IOException">The process could not be started.</exception>
    RunningProcess Start(MasterConfig master, SandboxDefinition sandbox, DesiredInstance instance, DateTimeOffset now, Action<RunningProcess> exited);

    /// <summary>Asks the process to stop (SIGTERM to the command inside the container).</summary>
    void Terminate(RunningProcess process);

    /// <summary>Kills the whole container (SIGKILL).</summary>
    void Kill(RunningProcess process);

    /// <summary>
    /// Processes a previous supervisor started that are still alive and provably the same (pid and
    /// start time), and the records that could not be parsed (moved aside, never deleted).
    /// </summary>
    Recovery Recover(MasterConfig master, DateTimeOffset now, Action<RunningProcess> exited);

    /// <summary>Drops what was recorded for an instance that has exited.</summary>
    void Forget(MasterConfig master, RunningProcess process);

    /// <summary>
    /// Removes what an instance keeps between its restarts (its cgroups) once it is retired or
    /// stopped and its process has exited; false while that is not possible yet (processes still
    /// leaving the group), so the caller tries again.
    /// </summary>
    bool Release(MasterConfig master, InstanceKey key);

    /// <summary>At start, after <see cref="Recover"/>: removes what is left of instances not in <paramref name="keep"/> (stale cgroups, spec B.3.4).</summary>
    void RemoveStale(MasterConfig master, IReadOnlySet<InstanceKey> keep);

    /// <summary>The cgroup situation for the status.</summary>
    string DescribeCgroups(MasterConfig master);
}
