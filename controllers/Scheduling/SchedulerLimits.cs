namespace Verwalter.Scheduling;

/// <summary>Resource limits for one scheduler run.</summary>
public sealed record SchedulerLimits
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(1);
    public const long DefaultMemoryBytes = 256L * 1024 * 1024;
    public const long DefaultInstructionBudget = 2_000_000_000;

    /// <summary>Wall-clock time one run may take before it is aborted (checked between VM instructions).</summary>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    /// <summary>Bytes the Lua state may hold while script code runs.</summary>
    public long MemoryBytes { get; init; } = DefaultMemoryBytes;

    /// <summary>VM instructions one run may execute.</summary>
    public long InstructionBudget { get; init; } = DefaultInstructionBudget;

    /// <summary>
    /// Last resort for a native call that cannot be interrupted (a pathological pattern match):
    /// when a run is still going this long after its deadline, the process exits with
    /// <see cref="ExitCodes.SchedulerWatchdog"/>.
    /// </summary>
    public TimeSpan WatchdogGrace { get; init; } = TimeSpan.FromSeconds(10);
}
