namespace Verwalter.Supervision.Runtime;

/// <summary>
/// A supervised process: the pid the launcher watches (bwrap's outer process, the session
/// leader), the identity and kill-timeout it was started with, and when. <see cref="Exited"/>
/// completes once it has exited.
/// </summary>
internal sealed class RunningProcess(InstanceKey key, int pid, InstanceIdentity identity, TimeSpan killTimeout, DateTimeOffset startedAt, bool adopted)
{
    private readonly TaskCompletionSource<ProcessExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InstanceKey Key { get; } = key;

    public int Pid { get; } = pid;

    public InstanceIdentity Identity { get; } = identity;

    public TimeSpan KillTimeout { get; } = killTimeout;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Found running at supervisor start rather than started by this supervisor.</summary>
    public bool Adopted { get; } = adopted;

    public Task<ProcessExit> Exited => _exited.Task;

    public bool MarkExited(ProcessExit exit) => _exited.TrySetResult(exit);
}
