using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// What the supervisor must do to reach the desired set. <see cref="Restart"/> means "stop the
/// running one (once) and start this identity when it has exited"; lists are in key order, so a
/// scale-down stops the highest indices of a process.
/// </summary>
internal sealed record ProcessPlan(
    ImmutableArray<DesiredInstance> Start,
    ImmutableArray<InstanceKey> Stop,
    ImmutableArray<DesiredInstance> Restart,
    ImmutableArray<InstanceKey> Keep)
{
    public bool IsEmpty => Start.IsEmpty && Stop.IsEmpty && Restart.IsEmpty;

    public bool Equals(ProcessPlan? other) =>
        other is not null
        && Start.SequenceEqual(other.Start)
        && Stop.SequenceEqual(other.Stop)
        && Restart.SequenceEqual(other.Restart)
        && Keep.SequenceEqual(other.Keep);

    public override int GetHashCode() => HashCode.Combine(Start.Length, Stop.Length, Restart.Length, Keep.Length);
}
