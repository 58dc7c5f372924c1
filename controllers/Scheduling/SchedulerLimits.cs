namespace Verwalter.Scheduling;

/// <summary>Resource limits for one scheduler run.</summary>
public sealed record SchedulerLimits
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(1);
    public const long DefaultMemoryBytes = 256L * 1024 * 1024;
    public const long DefaultInstructionBudget = 2_000_000_000;
    public const int DefaultMaxRecursionDepth = 256;
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Wall-clock time one run may take before it is aborted (checked between VM instructions).</summary>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    /// <summary>Bytes the engine's state may hold while script code runs (Lua allocator, JS engine memory, wasm linear memory).</summary>
    public long MemoryBytes { get; init; } = DefaultMemoryBytes;

    /// <summary>VM instructions (Lua) or statements (JavaScript) one run may execute; engines with fuel map it to fuel.</summary>
    public long InstructionBudget { get; init; } = DefaultInstructionBudget;

    /// <summary>Call depth a run may reach (JavaScript function calls; Lua keeps its own C-stack limit).</summary>
    public int MaxRecursionDepth { get; init; } = DefaultMaxRecursionDepth;

    /// <summary>Time one regular-expression match may take (JavaScript).</summary>
    public TimeSpan RegexTimeout { get; init; } = DefaultRegexTimeout;

    /// <summary>
    /// Last resort for a native call that cannot be interrupted (a pathological pattern match):
    /// when a run is still going this long after its deadline, the process exits with
    /// <see cref="ExitCodes.SchedulerWatchdog"/>.
    /// </summary>
    public TimeSpan WatchdogGrace { get; init; } = TimeSpan.FromSeconds(10);
}
