using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// Restart rules of one process. <see cref="RestartTimeout"/> and <see cref="NormalExitCodes"/>
/// come from the container config, as in lithos; the backoff fields are the supervisor's own
/// addition for crash loops (lithos only rate-limits).
/// </summary>
internal sealed record RestartPolicy(
    TimeSpan RestartTimeout,
    ImmutableArray<int> NormalExitCodes,
    ProcessKind Kind,
    TimeSpan BackoffBase,
    TimeSpan BackoffCap,
    TimeSpan StableRun,
    double Jitter)
{
    /// <summary>The wait after the second crash in a row; it doubles with each further crash.</summary>
    public static readonly TimeSpan DefaultBackoffBase = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between starts of a crash-looping process.</summary>
    public static readonly TimeSpan DefaultBackoffCap = TimeSpan.FromMinutes(5);

    /// <summary>A run at least this long (and at least restart-timeout) ends a crash loop.</summary>
    public static readonly TimeSpan DefaultStableRun = TimeSpan.FromMinutes(1);

    /// <summary>Each backoff delay is shortened by up to this fraction, at random, so loops spread out.</summary>
    public const double DefaultJitter = 0.2;

    public static RestartPolicy For(ContainerConfig container) => new(
        container.RestartTimeout, container.NormalExitCodes, container.Kind,
        DefaultBackoffBase, DefaultBackoffCap, DefaultStableRun, DefaultJitter);

    /// <summary>
    /// lithos's rule: death by SIGTERM, or a code in normal-exit-codes, or (when that list is empty)
    /// code 0 of something that is not a Daemon. A Daemon exiting 0 without a list is a failure.
    /// </summary>
    public bool IsNormal(ProcessExit exit) =>
        exit.Signal == ProcessExit.SigTerm
        || (exit.ExitCode is { } code
            && (NormalExitCodes.Contains(code) || (NormalExitCodes.IsEmpty && Kind is not ProcessKind.Daemon && code == 0)));

    public bool Equals(RestartPolicy? other) =>
        other is not null
        && (RestartTimeout, Kind, BackoffBase, BackoffCap, StableRun, Jitter)
            == (other.RestartTimeout, other.Kind, other.BackoffBase, other.BackoffCap, other.StableRun, other.Jitter)
        && NormalExitCodes.SequenceEqual(other.NormalExitCodes);

    public override int GetHashCode() => HashCode.Combine(RestartTimeout, Kind, BackoffBase, BackoffCap, StableRun, Jitter);
}
