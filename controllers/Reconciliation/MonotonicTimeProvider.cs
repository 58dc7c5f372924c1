namespace Verwalter.Reconciliation;

/// <summary>
/// The clock of the daemon's loops: timestamps and timers of the inner provider as they are, and
/// a <see cref="GetUtcNow"/> that is the wall time at start plus the monotonic time elapsed since,
/// so every interval, timeout and deadline a loop computes from "now" (peers, election,
/// replication, queues, backoff) survives the wall clock being stepped either way. Records that
/// people read as dates (schedule timestamps, log lines, backup names) use <see cref="WallClock"/>.
/// A loop's times shown in status differ from the wall clock by any step since the start.
/// </summary>
public sealed class MonotonicTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _anchor;
    private readonly long _start;

    public MonotonicTimeProvider(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _anchor = inner.GetUtcNow();
        _start = inner.GetTimestamp();
    }

    public override DateTimeOffset GetUtcNow() => _anchor + _inner.GetElapsedTime(_start);

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);
}
