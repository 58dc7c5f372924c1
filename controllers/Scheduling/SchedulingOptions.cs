using System.ComponentModel.DataAnnotations;

namespace Verwalter.Scheduling;

/// <summary>Options of the schedule loop (<c>Verwalter:Scheduling</c>).</summary>
public sealed class SchedulingOptions
{
    public static readonly TimeSpan DefaultResyncPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How often the scheduler runs when no input changed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ResyncPeriod { get; set; } = DefaultResyncPeriod;

    /// <summary>Wall-clock limit of one run.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Deadline { get; set; } = SchedulerLimits.DefaultDeadline;

    /// <summary>Memory cap of the scheduler's Lua state, in MiB.</summary>
    [Range(8, 65536)]
    public int MemoryMiB { get; set; } = (int)(SchedulerLimits.DefaultMemoryBytes / (1024 * 1024));

    /// <summary>VM instruction budget of one run.</summary>
    [Range(1_000_000, long.MaxValue)]
    public long InstructionBudget { get; set; } = SchedulerLimits.DefaultInstructionBudget;

    public SchedulerLimits ToLimits() => new()
    {
        Deadline = Deadline,
        MemoryBytes = MemoryMiB * 1024L * 1024L,
        InstructionBudget = InstructionBudget,
    };
}
