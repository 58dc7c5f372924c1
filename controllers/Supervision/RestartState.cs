namespace Verwalter.Supervision;

/// <summary>
/// The restart bookkeeping of one instance. <see cref="NextStart"/> is the earliest time it may be
/// started again; <see cref="ConsecutiveFailures"/> counts crashes since the last stable run or
/// normal exit; the counters feed the metrics. <see cref="Deaths"/> counts exits nobody asked for;
/// <see cref="PlannedStops"/> counts the ones the supervisor caused (SIGTERM on a switch, a config change, a retirement).
/// </summary>
internal sealed record RestartState(
    RestartStatus Status,
    DateTimeOffset? LastStart,
    DateTimeOffset NextStart,
    int ConsecutiveFailures,
    TimeSpan Backoff,
    long Starts,
    long Deaths,
    long Failures,
    long PlannedStops = 0)
{
    public bool CanStart(DateTimeOffset now) => Status is not RestartStatus.Running && now >= NextStart;

    /// <summary>How long until <see cref="CanStart"/> becomes true; zero when it already is.</summary>
    public TimeSpan DelayUntilStart(DateTimeOffset now) => NextStart > now ? NextStart - now : TimeSpan.Zero;
}
