namespace Verwalter.Scheduling;

/// <summary>
/// What the schedule loop publishes: the current schedule (null before the first one) and the
/// last run's debug information.
/// </summary>
public sealed record ScheduleState(Schedule? Current, SchedulerRunInfo? LastRun);

/// <summary>The last scheduler run: its input, log, outcome and timing, for the API and the UI.</summary>
public sealed record SchedulerRunInfo(
    byte[] Input,
    string Log,
    string? Error,
    DateTimeOffset At,
    TimeSpan Duration,
    bool Changed);
