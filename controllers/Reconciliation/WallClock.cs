namespace Verwalter.Reconciliation;

/// <summary>
/// The wall clock, for stamping records only: schedule timestamps and the scheduler's <c>now</c>,
/// log and index dates, backup and set-aside names, cluster frame times (compared across nodes).
/// Never used for an interval or a deadline (see <see cref="MonotonicTimeProvider"/>).
/// </summary>
public sealed class WallClock(TimeProvider provider)
{
    public TimeProvider Provider { get; } = provider;
}
