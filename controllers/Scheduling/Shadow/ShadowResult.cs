namespace Verwalter.Scheduling.Shadow;

/// <summary>
/// The last run of one shadow scheduler: its schedule (never replicated, rendered or applied),
/// the difference from the main schedule it ran beside, its log, or the error it failed with.
/// </summary>
public sealed record ShadowResult(
    string Name,
    string Engine,
    Schedule? Schedule,
    IReadOnlyList<string> Diff,
    string MainHash,
    string Log,
    string? Error,
    DateTimeOffset At,
    TimeSpan Duration);
