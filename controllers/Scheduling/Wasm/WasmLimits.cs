namespace Verwalter.Scheduling.Wasm;

/// <summary>
/// Limits of one call into a WebAssembly module: wall-clock deadline (epoch interruption),
/// fuel (roughly one unit per instruction), linear-memory size (store limits) and the wasm stack.
/// </summary>
public sealed record WasmLimits
{
    /// <summary>Wasmtime's own default; well below the 1.5 MiB of a .NET worker thread.</summary>
    public const int DefaultStackBytes = 512 * 1024;

    public TimeSpan Deadline { get; init; } = SchedulerLimits.DefaultDeadline;

    public long MemoryBytes { get; init; } = SchedulerLimits.DefaultMemoryBytes;

    public long Fuel { get; init; } = SchedulerLimits.DefaultInstructionBudget;

    public int StackBytes { get; init; } = DefaultStackBytes;

    /// <summary>The same deadline, memory cap and instruction budget the Lua engine gets.</summary>
    public static WasmLimits From(SchedulerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new() { Deadline = limits.Deadline, MemoryBytes = limits.MemoryBytes, Fuel = limits.InstructionBudget };
    }
}
