using Verwalter.Supervision.Runtime;

namespace Verwalter.Supervision;

/// <summary>
/// The supervisor's mutable record of one instance. Only the reconcile pass of its key touches it
/// (the engine never runs one key twice at once); the status reads a copy under the slot's lock.
/// </summary>
internal sealed class InstanceSlot(InstanceKey key, RestartTracker tracker, RestartState restart)
{
    public Lock Gate { get; } = new();

    public InstanceKey Key { get; } = key;

    public RestartTracker Tracker { get; set; } = tracker;

    public RestartState Restart { get; set; } = restart;

    public RunningProcess? Process { get; set; }

    public DateTimeOffset? KillAt { get; set; }

    public bool Killed { get; set; }

    public ProcessExit? LastExit { get; set; }

    public string? LastError { get; set; }

    /// <summary>How often removing a retired instance's cgroups found them still busy.</summary>
    public int ReleaseAttempts { get; set; }

    public bool Stopping => KillAt is not null;
}
